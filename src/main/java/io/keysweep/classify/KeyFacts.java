package io.keysweep.classify;

/**
 * Everything the classifier may look at for one key, fetched with the rest of its SCAN page in one pipeline.
 *
 * @param key       the key, as bytes
 * @param pttl      PTTL of the key: -2 gone, -1 no expiry, else milliseconds left
 * @param type      TYPE of the key ("none" when gone)
 * @param companion facts about the key's companion, or null when the classifier asked for none
 * @param memory    MEMORY USAGE of the key in bytes, or {@link #NOT_SAMPLED}: only a few keys are measured
 */
public record KeyFacts(byte[] key, long pttl, String type, CompanionFacts companion, long memory) {

    public static final long NOT_SAMPLED = -1;

    /**
     * @param pttl    PTTL of the companion: -2 absent, -1 no expiry, else milliseconds left
     * @param flagged whether the companion hash has the asked-for field
     */
    public record CompanionFacts(long pttl, boolean flagged) {
    }
}
