package io.keysweep.throttle;

import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingBucket;
import io.github.bucket4j.Bucket;

/**
 * Holds a sweep to at most so many keys per second: a token bucket refilled greedily (a
 * token every 1/rate seconds, not a second's worth at once), so keys flow evenly instead
 * of in bursts at the start of each second. It starts empty and holds a quarter of a
 * second's keys: after a stall of the sweep's own (a slow chunk commit, a GC, a busy
 * machine) it may catch up that much, which keeps the rate over a minute true, and never
 * more. One sweep has one, shared by its steps and by the threads that sweep the masters
 * of a cluster at once, so the rate is the whole sweep's, not each master's.
 */
public final class KeyRate {

	/** No limit. */
	public static final KeyRate NONE = new KeyRate(null, 0);

	private final BlockingBucket bucket;

	private final long capacity;

	private KeyRate(BlockingBucket bucket, long capacity) {
		this.bucket = bucket;
		this.capacity = capacity;
	}

	/**
	 * @param keysPerSecond 0 for no limit
	 */
	public static KeyRate of(long keysPerSecond) {
		if (keysPerSecond == 0) {
			return NONE;
		}
		long capacity = Math.max(1, keysPerSecond / 4);
		Bandwidth limit = Bandwidth.builder()
			.capacity(capacity)
			.refillGreedy(keysPerSecond, Duration.ofSeconds(1))
			.initialTokens(0)
			.build();
		return new KeyRate(Bucket.builder().addLimit(limit).build().asBlocking(), capacity);
	}

	/**
	 * Waits until this many more keys may be read: a page's worth at a time, in draws the
	 * bucket can hold.
	 */
	public void take(long keys) {
		if (bucket == null) {
			return;
		}
		try {
			for (long left = keys; left > 0; left -= capacity) {
				bucket.consume(Math.min(left, capacity));
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while holding the sweep to its rate", e);
		}
	}

}
