package io.keysweep.throttle;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Tells a {@link CommandBudget} what the calls it sized cost: each call's round trip,
 * and, every {@value #READING_MILLIS} ms, Redis's own time on the command since the
 * reading before, from {@code INFO commandstats} on the same connection. A call is one
 * command (a SCAN of COUNT units) or a pipeline of one command repeated (units of it,
 * such as keysweep's expiry script called on each key of a chunk).
 *
 * <p>
 * Redis's total counts every client's calls of the command, so the cost per unit it gives
 * is keysweep's or more, never less. A server whose total went down (a restart,
 * {@code CONFIG RESETSTAT}) is read again from there; one whose statistics have no line
 * for the command (a server that only speaks Redis's protocol) leaves the budget with
 * round trips alone.
 */
public final class CommandTiming {

	static final long READING_MILLIS = 50;

	private static final Pattern USEC = Pattern.compile("usec=(\\d{1,18})");

	private final CommandBudget budget;

	/** The command's line in {@code INFO commandstats}, up to its total. */
	private final String totalPrefix;

	private boolean readable = true;

	/** Redis's total microseconds on the command at the last reading; -1 before one. */
	private long lastMicros = -1;

	private long lastReadingNanos;

	/** The units called since the last reading. */
	private long units;

	/**
	 * @param command the command as {@code INFO commandstats} names it, e.g. {@code scan}
	 */
	public CommandTiming(CommandBudget budget, String command) {
		this.budget = budget;
		this.totalPrefix = "cmdstat_" + command + ":";
	}

	/**
	 * Runs one call of this many units (a COUNT, or commands in a pipeline) on this
	 * connection, and times it.
	 */
	public <T> T call(Jedis jedis, int units, Supplier<T> call) {
		long start = System.nanoTime();
		T answer = call.get();
		long end = System.nanoTime();
		budget.took(units, end - start);
		counted(jedis, units, end);
		return answer;
	}

	private synchronized void counted(Jedis jedis, int called, long now) {
		if (!readable) {
			return;
		}
		units += called;
		if (lastMicros >= 0 && now - lastReadingNanos < READING_MILLIS * 1_000_000) {
			return;
		}
		long micros;
		try {
			micros = serverMicros(jedis);
		}
		catch (JedisException e) {
			// the call it times was answered: a connection that broke since fails the
			// next call, which is retried; this reading is only skipped
			lastReadingNanos = now;
			return;
		}
		if (micros < 0) {
			readable = false;
			return;
		}
		if (lastMicros >= 0 && micros >= lastMicros) {
			budget.served(units, (micros - lastMicros) * 1_000);
		}
		lastMicros = micros;
		lastReadingNanos = now;
		units = 0;
	}

	/**
	 * The command's {@code usec=} total, or -1 when the statistics have none (or one that
	 * is not a number of up to 18 digits).
	 */
	private long serverMicros(Jedis jedis) {
		return jedis.info("commandstats")
			.lines()
			.filter(line -> line.startsWith(totalPrefix))
			.flatMap(line -> Arrays.stream(line.substring(totalPrefix.length()).split(",")))
			.map(USEC::matcher)
			.filter(Matcher::matches)
			.mapToLong(usec -> Long.parseLong(usec.group(1)))
			.findFirst()
			.orElse(-1);
	}

}
