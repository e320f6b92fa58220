package io.keysweep.throttle;

import java.time.Duration;

/**
 * Sizes each SCAN (or SSCAN) so that one call holds Redis no longer than
 * {@code max-command-time}: Redis runs one command at a time, and every other client of
 * the server waits while a SCAN runs. A SCAN's cost grows with the keys it visits (its
 * COUNT), not with those its MATCH lets through, so the budget learns the cost of one
 * unit of COUNT and asks for as many units as fit in half the budget: a call's time
 * varies from one call to the next (the server's other work, the machine's other
 * processes), and aiming at half leaves room for that. A pipeline of one short command
 * repeated (the expiry script on each key of a chunk) is sized the same way, its units
 * being the commands: Redis runs what arrives of it before it turns to another client.
 *
 * <p>
 * Two measures of that cost come in. Each call's round trip ({@link #took}) is known at
 * once, but it is longer than what the call held Redis: it adds the network, decoding the
 * answer, and above all the wait behind the commands Redis was running for other
 * connections when the SCAN arrived, keysweep's own lookups and EXPIREs among them.
 * Redis's own time on the command ({@link #served}, from its command statistics every so
 * often) is the one the budget is about. Until the server's time is known, COUNT is sized
 * by the round trip; from then on by the server's time, but never above what the last
 * call's round trip says fits in the whole budget, so that one slow call still shortens
 * the next one at once.
 *
 * <p>
 * A slower measure is believed at once; a faster one only in part, and COUNT at most
 * doubles from one call to the next, so one quick call cannot make the next one long. The
 * first call asks for {@value #FIRST_COUNT}, short on any server.
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

	private final double budgetNanos;

	private final int maxCount;

	private int count;

	/** The COUNT of the last call measured. */
	private int asked;

	/**
	 * The cost of one unit of COUNT in a round trip as learnt so far; 0 before the first
	 * call.
	 */
	private double roundTripPerUnit;

	/** The last call's round trip per unit of COUNT. */
	private double lastRoundTripPerUnit;

	/** Redis's own time on one unit of COUNT as learnt so far; 0 while unknown. */
	private double serverPerUnit;

	/**
	 * @param maxCommandTime how long one call may hold Redis
	 * @param maxCount the largest COUNT to ask for (the definition's {@code scan-count},
	 * or for a pipeline its {@code chunk-size})
	 */
	public CommandBudget(Duration maxCommandTime, int maxCount) {
		this.budgetNanos = maxCommandTime.toNanos();
		this.maxCount = maxCount;
		this.count = Math.min(FIRST_COUNT, maxCount);
		this.asked = count;
	}

	/** The largest COUNT this budget asks for. */
	public int maxCount() {
		return maxCount;
	}

	/** The COUNT of the next call. */
	public synchronized int count() {
		return count;
	}

	/**
	 * Notes how long a call of this COUNT took as a round trip, and sizes the next one by
	 * it.
	 */
	public synchronized void took(int countAsked, long nanos) {
		lastRoundTripPerUnit = (double) nanos / Math.max(1, countAsked);
		roundTripPerUnit = learn(roundTripPerUnit, lastRoundTripPerUnit);
		asked = countAsked;
		resize();
	}

	/**
	 * Notes how long Redis itself spent on calls that asked for this many units of COUNT
	 * in all, and sizes the next call by it from now on.
	 */
	public synchronized void served(long units, long nanos) {
		if (units > 0) {
			serverPerUnit = learn(serverPerUnit, (double) nanos / units);
			resize();
		}
	}

	private static double learn(double learnt, double measured) {
		return learnt == 0 || measured > learnt ? measured : learnt + LEARNING * (measured - learnt);
	}

	private void resize() {
		double fits = serverPerUnit == 0 ? budgetNanos / 2 / roundTripPerUnit
				: Math.min(budgetNanos / 2 / serverPerUnit, budgetNanos / lastRoundTripPerUnit);
		long next = (long) Math.min(Math.min(fits, 2.0 * asked), maxCount);
		count = (int) Math.max(Math.min(MIN_COUNT, maxCount), next);
	}

}
