package io.keysweep.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Slowlog;

/**
 * The commands of keysweep's connections (named {@code keysweep}) that the server ran for
 * at least a threshold, as its SLOWLOG records them: arguments and the server's own
 * execution time. At a threshold of 0 it holds every command, in the order the server ran
 * them. Closing puts the server's defaults back.
 */
public final class CommandLog implements AutoCloseable {

	/** One command as the server ran it. */
	public record Entry(long id, List<String> args, long micros, String client) {

		public boolean isScan() {
			return args.get(0).toUpperCase(Locale.ROOT).endsWith("SCAN");
		}

		/** The cursor argument of a SCAN or SSCAN. */
		public String cursor() {
			return args.get(args.get(0).equalsIgnoreCase("SCAN") ? 1 : 2);
		}

		/** The COUNT argument of a cursor command. */
		public int count() {
			return Integer.parseInt(args.get(countAt(args) + 1));
		}

	}

	/** Where the COUNT keyword is in the arguments of a cursor command. */
	public static int countAt(List<String> args) {
		for (int i = 0; i < args.size() - 1; i++) {
			if ("COUNT".equalsIgnoreCase(args.get(i))) {
				return i;
			}
		}
		throw new IllegalStateException("no COUNT in " + args);
	}

	private static final String DEFAULT_THRESHOLD = "10000";

	private static final String DEFAULT_LENGTH = "128";

	private final RedisServer redis;

	private final int capacity;

	private CommandLog(RedisServer redis, int capacity) {
		this.redis = redis;
		this.capacity = capacity;
	}

	/**
	 * Logs from now on the commands that run this long or longer, up to {@code capacity}
	 * of them.
	 */
	public static CommandLog over(RedisServer redis, long micros, int capacity) {
		try (Jedis jedis = redis.client()) {
			jedis.configSet("slowlog-log-slower-than", Long.toString(micros));
			jedis.configSet("slowlog-max-len", Integer.toString(capacity));
			jedis.slowlogReset();
		}
		return new CommandLog(redis, capacity);
	}

	/**
	 * keysweep's commands logged so far, oldest first; when the log is full, the oldest
	 * have made room for newer ones.
	 */
	public List<Entry> ofKeysweep() {
		List<Slowlog> logged;
		try (Jedis jedis = redis.client()) {
			logged = new ArrayList<>(jedis.slowlogGet(capacity));
		}
		// SLOWLOG GET gives the newest first
		Collections.reverse(logged);
		return logged.stream()
			.filter(entry -> "keysweep".equals(entry.getClientName()))
			.map(entry -> new Entry(entry.getId(), entry.getArgs(), entry.getExecutionTime(),
					entry.getClientIpPort().toString()))
			.toList();
	}

	/**
	 * The COUNT of each SCAN and SSCAN of keysweep's connections at this cursor, oldest
	 * first.
	 */
	public List<Integer> scanCountsAt(String cursor) {
		try (Jedis jedis = redis.client()) {
			if (jedis.slowlogLen() >= capacity) {
				throw new IllegalStateException("the slowlog is full, it may have dropped commands: make it longer");
			}
		}
		return ofKeysweep().stream()
			.filter(entry -> entry.isScan() && entry.cursor().equals(cursor))
			.map(Entry::count)
			.toList();
	}

	@Override
	public void close() {
		try (Jedis jedis = redis.client()) {
			jedis.configSet("slowlog-log-slower-than", DEFAULT_THRESHOLD);
			jedis.configSet("slowlog-max-len", DEFAULT_LENGTH);
			jedis.slowlogReset();
		}
	}

}
