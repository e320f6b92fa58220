package io.keysweep.definition;

import java.time.Instant;

/**
 * The longest TTL a definition may give. Redis refuses an {@code EXPIRE} whose deadline
 * in milliseconds overflows, and only at the write: a chunk would fail after other keys
 * of its pipeline got their TTL, and every resume would fail again. So each TTL keysweep
 * writes, jitter added, must expire by the end of the year 9999, far inside what every
 * Redis accepts, and is checked when the definition is read.
 */
final class TtlCeiling {

	static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

	private final long maxSeconds;

	private final int jitterPercent;

	TtlCeiling(Instant now, int jitterPercent) {
		this.maxSeconds = LAST.getEpochSecond() - now.getEpochSecond();
		this.jitterPercent = jitterPercent;
	}

	/**
	 * @param clamp whether the TTL only shortens longer ones: jitter never lengthens it
	 * @throws IllegalArgumentException when the TTL, or the TTL with the most jitter can
	 * add, would expire after {@link #LAST}
	 */
	long check(String text, long seconds, boolean clamp) {
		int jitter = clamp ? 0 : jitterPercent;
		// a TTL within maxSeconds cannot overflow when the jitter is added
		if (seconds > maxSeconds || seconds + seconds * jitter / 100 > maxSeconds) {
			throw new IllegalArgumentException("'" + text + "'"
					+ (jitter == 0 ? "" : " with up to " + jitter + "% jitter") + " would expire after " + LAST
					+ ", beyond what Redis accepts (at most " + maxSeconds * 100 / (100 + jitter) / 86_400 + "d)");
		}
		return seconds;
	}

}
