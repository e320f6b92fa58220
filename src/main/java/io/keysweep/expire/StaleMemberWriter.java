package io.keysweep.expire;

import java.util.ArrayList;
import java.util.List;

import io.keysweep.redis.RedisConnector;
import io.keysweep.tally.SweepCounts;
import io.keysweep.tally.SweepTally;
import io.keysweep.throttle.CommandBudget;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;

/**
 * Removes a chunk of members from a set, in one pipeline of SREMs of as many members as
 * the step's SSCAN visits in one call: one SREM of a whole chunk would hold Redis for as
 * long as the chunk is large, past {@code max-command-time}. The only removal keysweep
 * ever performs: it takes set members that point at nothing out of the set, never a key.
 */
public class StaleMemberWriter implements ItemStreamWriter<byte[]> {

	private final RedisConnector redis;

	private final byte[] setKey;

	private final SweepTally tally;

	private final CommandBudget budget;

	private Jedis jedis;

	/**
	 * @param budget the SSCAN's, whose COUNT bounds each SREM
	 */
	public StaleMemberWriter(RedisConnector redis, byte[] setKey, SweepTally tally, CommandBudget budget) {
		this.redis = redis;
		this.setKey = setKey;
		this.tally = tally;
		this.budget = budget;
	}

	@Override
	public void open(ExecutionContext context) {
		jedis = redis.connect();
	}

	@Override
	public void write(Chunk<? extends byte[]> chunk) {
		List<? extends byte[]> members = chunk.getItems();
		if (members.isEmpty()) {
			// a chunk whose members all still have their batch: SREM of no member is an
			// error
			return;
		}
		int slice = budget.count();
		List<Response<Long>> removed = new ArrayList<>();
		try (AbstractPipeline pipeline = redis.pipelined(jedis)) {
			for (int from = 0; from < members.size(); from += slice) {
				removed.add(pipeline.srem(setKey,
						members.subList(from, Math.min(from + slice, members.size())).toArray(byte[][]::new)));
			}
			pipeline.sync();
			removed.forEach(answer -> tally.add(SweepCounts.REMOVED, answer.get()));
		}
		catch (RuntimeException e) {
			throw redis.describe(e);
		}
	}

	@Override
	public void close() {
		if (jedis != null) {
			jedis.close();
			jedis = null;
		}
	}

}
