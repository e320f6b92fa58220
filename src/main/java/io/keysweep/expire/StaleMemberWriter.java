package io.keysweep.expire;

import java.util.List;

import io.keysweep.redis.RedisConnector;
import io.keysweep.tally.SweepCounts;
import io.keysweep.tally.SweepTally;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import redis.clients.jedis.Jedis;

/**
 * Removes a chunk of members from a set with one SREM. The only removal keysweep ever
 * performs: it takes set members that point at nothing out of the set, never a key.
 */
public class StaleMemberWriter implements ItemStreamWriter<byte[]> {

	private final RedisConnector redis;

	private final byte[] setKey;

	private final SweepTally tally;

	private Jedis jedis;

	public StaleMemberWriter(RedisConnector redis, byte[] setKey, SweepTally tally) {
		this.redis = redis;
		this.setKey = setKey;
		this.tally = tally;
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
		try {
			tally.add(SweepCounts.REMOVED, jedis.srem(setKey, members.toArray(byte[][]::new)));
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
