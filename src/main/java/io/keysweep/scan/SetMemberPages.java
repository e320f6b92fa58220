package io.keysweep.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.keysweep.classify.MemberFacts;
import io.keysweep.redis.RedisConnector;
import io.keysweep.throttle.CommandBudget;
import io.keysweep.throttle.CommandTiming;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Pages of the members of a set of bids: SSCAN sized to the {@link CommandBudget}, each
 * page looked up in one pipeline: does the batch hash {@code <prefix><bid>} exist, and
 * when was it created.
 */
final class SetMemberPages implements PageSource<MemberFacts> {

	private static final byte[] CREATED_AT = "created_at".getBytes(StandardCharsets.US_ASCII);

	private final RedisConnector redis;

	private final byte[] setKey;

	private final byte[] batchPrefix;

	private final CommandBudget budget;

	private final CommandTiming timing;

	/**
	 * @param setKey the set, e.g. {@code batch-died}
	 * @param batchPrefix what comes before a bid in its batch hash's name, e.g.
	 * {@code b-}
	 */
	SetMemberPages(RedisConnector redis, byte[] setKey, byte[] batchPrefix, CommandBudget budget) {
		this.redis = redis;
		this.setKey = setKey;
		this.batchPrefix = batchPrefix;
		this.budget = budget;
		this.timing = new CommandTiming(budget, "sscan");
	}

	@Override
	public byte[] keyOf(MemberFacts item) {
		return item.member();
	}

	@Override
	public CommandBudget budget() {
		return budget;
	}

	@Override
	public ScanResult<byte[]> scan(Jedis jedis, String cursor, int count) {
		return timing.call(jedis, count,
				() -> jedis.sscan(setKey, cursor.getBytes(StandardCharsets.US_ASCII), new ScanParams().count(count)));
	}

	@Override
	public List<MemberFacts> lookUp(Jedis jedis, List<byte[]> members) {
		List<Response<Boolean>> exists = new ArrayList<>(members.size());
		List<Response<byte[]>> createdAt = new ArrayList<>(members.size());
		try (AbstractPipeline pipeline = redis.pipelined(jedis)) {
			for (byte[] member : members) {
				byte[] hash = concat(batchPrefix, member);
				exists.add(pipeline.exists(hash));
				createdAt.add(pipeline.hget(hash, CREATED_AT));
			}
			pipeline.sync();
		}
		List<MemberFacts> facts = new ArrayList<>(members.size());
		for (int i = 0; i < members.size(); i++) {
			facts.add(new MemberFacts(members.get(i), exists.get(i).get(), epochSeconds(createdAt.get(i))));
		}
		return facts;
	}

	private static double epochSeconds(Response<byte[]> createdAt) {
		try {
			byte[] value = createdAt.get();
			return value == null ? Double.NaN : Double.parseDouble(new String(value, StandardCharsets.US_ASCII));
		}
		catch (RuntimeException notANumberOrNotAHash) {
			return Double.NaN;
		}
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] out = new byte[a.length + b.length];
		System.arraycopy(a, 0, out, 0, a.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

}
