package io.keysweep.classify;

/**
 * A key whose state decides what happens to the swept key, e.g. the batch hash
 * {@code b-<bid>} of a {@code b-<bid>-notify} key.
 *
 * @param key the companion key
 * @param flag a hash field whose presence matters (null when only the companion's TTL
 * matters)
 */
public record Companion(byte[] key, byte[] flag) {
}
