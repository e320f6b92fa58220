package io.keysweep.classify;

/** One key to give an expiry, unless it has one by the time the write reaches Redis. */
public record Expiry(byte[] key, String keyClass, long ttlSeconds) {
}
