package io.keysweep.testing;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * {@code b-<bid>-notify} counters left without a TTL, numbered bids from 0, and how many
 * are still without one.
 */
public final class NotifyCounters {

	public static final String MATCH = "b-*-notify";

	private NotifyCounters() {
	}

	public static String key(int i) {
		return String.format("b-%014d-notify", i);
	}

	/** Sets {@code count} counters in the pipeline; the caller syncs it. */
	public static void seed(Pipeline pipeline, int count) {
		for (int i = 0; i < count; i++) {
			pipeline.set(key(i), "1");
		}
	}

	/** Of the first {@code count} counters, those still without a TTL. */
	public static long withoutTtl(RedisServer redis, int count) {
		try (Jedis jedis = redis.client()) {
			long without = 0;
			for (int i = 0; i < count; i++) {
				if (jedis.ttl(key(i)) == -1) {
					without++;
				}
			}
			return without;
		}
	}

}
