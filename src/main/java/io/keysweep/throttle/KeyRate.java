package io.keysweep.throttle;

import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingBucket;
import io.github.bucket4j.Bucket;

/**
 * Holds a sweep to at most so many keys per second: a token bucket refilled greedily (a token every 1/rate
 * seconds, not a second's worth at once), so keys flow evenly instead of in bursts at the start of each second.
 * It starts empty and holds a quarter of a second's keys: after a stall of the sweep's own (a slow chunk commit,
 * a GC, a busy machine) it may catch up that much, which keeps the rate over a minute true, and never more.
 * One sweep has one, shared by its steps and by the threads that sweep the masters of a cluster at once, so the
 * rate is the whole sweep's, not each master's.
 */
public final class KeyRate {

    /** No limit. */
    public static final KeyRate NONE = new KeyRate(null);

    private final BlockingBucket bucket;

    private KeyRate(BlockingBucket bucket) {
        this.bucket = bucket;
    }

    /** @param keysPerSecond 0 for no limit */
    public static KeyRate of(long keysPerSecond) {
        if (keysPerSecond == 0) {
            return NONE;
        }
        Bandwidth limit = Bandwidth.builder()
                .capacity(Math.max(1, keysPerSecond / 4))
                .refillGreedy(keysPerSecond, Duration.ofSeconds(1))
                .initialTokens(0)
                .build();
        return new KeyRate(Bucket.builder().addLimit(limit).build().asBlocking());
    }

    /** Waits until one more key may be read. */
    public void take() {
        if (bucket == null) {
            return;
        }
        try {
            bucket.consume(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while holding the sweep to its rate", e);
        }
    }
}
