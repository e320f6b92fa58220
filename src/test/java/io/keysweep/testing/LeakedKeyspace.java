package io.keysweep.testing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A keyspace of 80,000 keys for interrupted sweeps: 30,000 leaked {@code b-<bid>-notify}
 * counters (no TTL, no batch hash), 10,000 counters of deleted batches (with their 10,000
 * hashes flagged {@code deleted}), 10,000 counters that already expire, and 20,000
 * unrelated keys. The 50,000 counters match {@code b-*-notify}; 40,000 of them must end
 * up with the job's 30-day TTL, and nothing else may change. With the tests' chunks of
 * 200 that is 250 chunks, 400 SCAN pages of 200: a sweep interrupted after its third
 * chunk has most of its work ahead, and a test that must act on it while it runs holds it
 * first ({@link RedisServer#pauseWrites}). Every key is seeded, read back and compared
 * twice per test, so more keys would only cost time.
 */
public final class LeakedKeyspace {

	public static final String MATCH = "b-*-notify";

	public static final int TOTAL = 80_000;

	public static final int MATCHING = 50_000;

	public static final int TO_EXPIRE = 40_000;

	private static final long TTL_MILLIS = 30L * 86_400 * 1000;

	/**
	 * TTLs count down between the snapshot and the check; no test here runs anywhere near
	 * this long.
	 */
	private static final long DRIFT_MILLIS = 600_000;

	private final List<byte[]> toExpire;

	private final Map<ByteBuffer, Keyspace.KeyState> before;

	private LeakedKeyspace(List<byte[]> toExpire, Map<ByteBuffer, Keyspace.KeyState> before) {
		this.toExpire = toExpire;
		this.before = before;
	}

	/**
	 * Empties the server, seeds the keyspace, snapshots it and resets the command stats.
	 */
	public static LeakedKeyspace seed(RedisServer redis) {
		redis.flushAll();
		List<byte[]> toExpire = new ArrayList<>(TO_EXPIRE);
		try (Jedis jedis = redis.client(); Pipeline pipeline = jedis.pipelined()) {
			for (int i = 0; i < MATCHING; i++) {
				String bid = String.format("%014d", i);
				byte[] notify = Keyspace.bytes("b-" + bid + "-notify");
				if (i < 30_000) {
					pipeline.set(notify, Keyspace.bytes("1"));
					toExpire.add(notify);
				}
				else if (i < TO_EXPIRE) {
					pipeline.set(notify, Keyspace.bytes("2"));
					pipeline.hset(Keyspace.bytes("b-" + bid), Keyspace.bytes("deleted"), Keyspace.bytes("1"));
					toExpire.add(notify);
				}
				else {
					pipeline.setex(notify, 86_400, Keyspace.bytes("1"));
					pipeline.set(Keyspace.bytes("cache:" + i), Keyspace.bytes("x"));
				}
			}
			for (int i = 0; i < 10_000; i++) {
				pipeline.set(Keyspace.bytes("session:" + i), Keyspace.bytes("x"));
			}
			pipeline.sync();
			assertThat(jedis.dbSize()).isEqualTo(TOTAL);
			LeakedKeyspace keyspace = new LeakedKeyspace(toExpire, Keyspace.snapshot(jedis));
			CommandStats.reset(redis);
			return keyspace;
		}
	}

	/**
	 * Every leaked counter has the 30-day TTL and its value; every other key is as it
	 * was, and no lock is left.
	 */
	public void assertSweptCompletely(RedisServer redis) {
		try (Jedis jedis = redis.client()) {
			Map<ByteBuffer, Keyspace.KeyState> after = Keyspace.snapshot(jedis);
			for (byte[] key : toExpire) {
				Keyspace.KeyState then = before.get(ByteBuffer.wrap(key));
				Keyspace.KeyState now = after.get(ByteBuffer.wrap(key));
				assertThat(now).as("leaked key %s", new String(key)).isNotNull();
				assertThat(now.dump()).as("value of %s", new String(key)).isEqualTo(then.dump());
				assertThat(now.pttl()).as("TTL of %s", new String(key))
					.isBetween(TTL_MILLIS - DRIFT_MILLIS, TTL_MILLIS);
			}
			assertThat(Keyspace.sameExceptTtlDrift(Keyspace.without(before, toExpire),
					Keyspace.without(after, toExpire), DRIFT_MILLIS))
				.as("every key but the leaked ones is unchanged")
				.isTrue();
		}
	}

	/**
	 * Keys sweeps read from Redis since the seed, across all their executions: each read
	 * key gets one TYPE in its lookup.
	 */
	public static long keysRead(RedisServer redis) {
		// the conditional EXPIRE script (EVALSHA) runs one more TYPE for each key it is
		// called for
		return CommandStats.calls(redis, "type") - CommandStats.calls(redis, "evalsha");
	}

	/** Expiries sweeps sent since the seed, across all their executions. */
	public static long expiriesSent(RedisServer redis) {
		return CommandStats.calls(redis, "expire");
	}

}
