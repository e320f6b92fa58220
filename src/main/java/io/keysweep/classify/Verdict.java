package io.keysweep.classify;

/**
 * What the classifier decided for one key.
 *
 * @param keyClass   the class, e.g. {@code leaked}
 * @param ttlSeconds the expiry to give the key, or 0 to leave it alone
 * @param recognised false when the key is not of the kind the classifier handles (it is only reported)
 */
public record Verdict(String keyClass, long ttlSeconds, boolean recognised) {

    /** The key already expires: every classifier leaves such keys alone. */
    public static final String HAS_TTL = "has-ttl";
    /** The key was gone by the time its page was enriched. */
    public static final String VANISHED = "vanished";

    public static Verdict expire(String keyClass, long ttlSeconds) {
        return new Verdict(keyClass, ttlSeconds, true);
    }

    public static Verdict leave(String keyClass) {
        return new Verdict(keyClass, 0, true);
    }

    public static Verdict unrecognised(String keyClass) {
        return new Verdict(keyClass, 0, false);
    }

    public boolean expires() {
        return ttlSeconds > 0;
    }
}
