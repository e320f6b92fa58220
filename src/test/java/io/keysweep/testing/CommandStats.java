package io.keysweep.testing;

import redis.clients.jedis.Jedis;

/**
 * How often the server ran a command since its stats were reset, from
 * {@code INFO commandstats}: what a sweep really sent, counted by Redis rather than by
 * keysweep. TYPE is sent once for every key a sweep reads, EXPIRE once for every key it
 * gives an expiry.
 */
public final class CommandStats {

	private CommandStats() {
	}

	public static void reset(RedisServer redis) {
		try (Jedis jedis = redis.client()) {
			jedis.configResetStat();
		}
	}

	public static long calls(RedisServer redis, String command) {
		String prefix = "cmdstat_" + command + ":calls=";
		try (Jedis jedis = redis.client()) {
			return jedis.info("commandstats")
				.lines()
				.filter(line -> line.startsWith(prefix))
				.map(line -> line.substring(prefix.length(), line.indexOf(',')))
				.mapToLong(Long::parseLong)
				.findFirst()
				.orElse(0);
		}
	}

}
