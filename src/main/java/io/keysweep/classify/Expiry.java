package io.keysweep.classify;

/**
 * One expiry to set. Without {@code clamp}, only if the key has no TTL by the time the write reaches Redis; with
 * it, only if the key has no TTL or a longer one.
 */
public record Expiry(byte[] key, String keyClass, long ttlSeconds, boolean clamp) {
}
