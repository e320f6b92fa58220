package io.keysweep.classify;

/**
 * One expiry to set, only if the key is still of {@code type} (what its lookup found) by
 * the time the write reaches Redis, and, without {@code clamp}, has no TTL; with it, no
 * TTL or a longer one.
 */
public record Expiry(byte[] key, String keyClass, long ttlSeconds, boolean clamp, String type) {
}
