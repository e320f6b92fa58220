package io.keysweep.throttle;

import java.time.Duration;

/**
 * Sizes each SCAN (or SSCAN) so that one call holds Redis no longer than
 * {@code max-command-time}: Redis runs one command at a time, and every other client of
 * the server waits while a SCAN runs. A SCAN's cost grows with the keys it visits (its
 * COUNT), not with those its MATCH lets through, so the budget learns the cost of one
 * unit of COUNT from the calls before and asks for as many units as fit in half the
 * budget: a call's time varies from one call to the next (the server's other work, the
 * machine's other processes), and aiming at half leaves room for that.
 *
 * <p>
 * The time measured is the round trip, which is longer than the time Redis spends on the
 * command (it adds the network and decoding the answer), so the COUNT it gives errs on
 * the short side. A slower call is believed at once; a faster one only in part, and COUNT
 * at most doubles from one call to the next, so one quick call cannot make the next one
 * long. The first call asks for {@value #FIRST_COUNT}, short on any server.
 *
 * <p>
 * A step's reader and its prefetcher share one budget, across pages, so it is safe to
 * call from several threads. It keeps nothing across restarts: a restarted sweep learns
 * the server's pace again in a few calls.
 */
public final class CommandBudget {

	static final int FIRST_COUNT = 100;

	/** A COUNT below this would spend a round trip on next to nothing. */
	static final int MIN_COUNT = 10;

	/** How much of a faster call's cost per unit is believed at once. */
	private static final double LEARNING = 0.3;

	private final double aimNanos;

	private final int maxCount;

	private int count;

	/** The cost of one unit of COUNT as learnt so far; 0 before the first call. */
	private double nanosPerUnit;

	/**
	 * @param maxCommandTime how long one call may hold Redis
	 * @param maxCount the largest COUNT to ask for (the definition's {@code scan-count})
	 */
	public CommandBudget(Duration maxCommandTime, int maxCount) {
		this.aimNanos = maxCommandTime.toNanos() / 2.0;
		this.maxCount = maxCount;
		this.count = Math.min(FIRST_COUNT, maxCount);
	}

	/** The largest COUNT this budget asks for. */
	public int maxCount() {
		return maxCount;
	}

	/** The COUNT of the next call. */
	public synchronized int count() {
		return count;
	}

	/** Notes how long a call of this COUNT took, and sizes the next one by it. */
	public synchronized void took(int countAsked, long nanos) {
		double perUnit = (double) nanos / Math.max(1, countAsked);
		nanosPerUnit = nanosPerUnit == 0 || perUnit > nanosPerUnit ? perUnit
				: nanosPerUnit + LEARNING * (perUnit - nanosPerUnit);
		long fits = (long) (aimNanos / nanosPerUnit);
		count = (int) Math.max(Math.min(MIN_COUNT, maxCount), Math.min(Math.min(fits, 2L * count), maxCount));
	}

}
