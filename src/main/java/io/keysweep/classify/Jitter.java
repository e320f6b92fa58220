package io.keysweep.classify;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Spreads expiries so that millions of keys swept in one night do not expire in the same
 * second. It only ever moves an expiry away from danger: an expiry that is set gets
 * longer (up to the percentage), a TTL that is clamped gets shorter, so the definition's
 * figure stays a floor or a ceiling.
 */
public final class Jitter {

	public static final Jitter NONE = new Jitter(0);

	private final int percent;

	public Jitter(int percent) {
		if (percent < 0 || percent > 100) {
			throw new IllegalArgumentException("jitter must be from 0% to 100%");
		}
		this.percent = percent;
	}

	public long apply(long ttlSeconds, boolean clamp) {
		long spread = ttlSeconds * percent / 100;
		if (spread == 0) {
			return ttlSeconds;
		}
		long offset = ThreadLocalRandom.current().nextLong(spread + 1);
		return clamp ? Math.max(1, ttlSeconds - offset) : ttlSeconds + offset;
	}

}
