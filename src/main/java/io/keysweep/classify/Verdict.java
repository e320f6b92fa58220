package io.keysweep.classify;

/**
 * What the classifier decided for one key.
 *
 * @param keyClass the class, e.g. {@code leaked}
 * @param ttlSeconds the expiry to give the key, or 0 to leave it alone
 * @param clamp true to shorten a longer TTL to this one ({@code EXPIRE ... LT}); false to
 * set it only on a key that has none ({@code EXPIRE ... NX})
 * @param recognised false when the key is not of the kind the classifier handles (it is
 * only reported)
 */
public record Verdict(String keyClass, long ttlSeconds, boolean clamp, boolean recognised) {

	/**
	 * The key already expires: classifiers leave such keys alone unless a rule clamps
	 * them.
	 */
	public static final String HAS_TTL = "has-ttl";

	/** The key was gone by the time its page was enriched. */
	public static final String VANISHED = "vanished";

	public static Verdict expire(String keyClass, long ttlSeconds) {
		return new Verdict(keyClass, ttlSeconds, false, true);
	}

	public static Verdict clamp(String keyClass, long ttlSeconds) {
		return new Verdict(keyClass, ttlSeconds, true, true);
	}

	public static Verdict leave(String keyClass) {
		return new Verdict(keyClass, 0, false, true);
	}

	public static Verdict unrecognised(String keyClass) {
		return new Verdict(keyClass, 0, false, false);
	}

	public boolean acts() {
		return ttlSeconds > 0;
	}
}
