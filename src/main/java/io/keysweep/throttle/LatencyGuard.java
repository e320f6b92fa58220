package io.keysweep.throttle;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * Backs off while Redis answers slowly. The step's readers and writers report how long
 * each of their round trips took; when the slowest one since the last chunk took longer
 * than {@code max-latency}, the next chunk waits before it goes on, twice as long each
 * time Redis is still slow (up to {@value #MAX_PAUSE_MS} ms), and the wait ends as soon
 * as a chunk's round trips are fast again. It waits at the start of a chunk, after the
 * previous one committed, so the checkpoint in the job repository is current for as long
 * as the sweep waits. It sends nothing to Redis of its own: the work itself is the probe.
 */
public final class LatencyGuard implements ChunkListener<Object, Object>, ItemStream {

	/**
	 * Chunks that waited, across restarts: a key of the step's context that is this
	 * guard's own.
	 */
	private static final String PAUSES = "throttle.latency-pauses";
	static final long FIRST_PAUSE_MS = 100;
	static final long MAX_PAUSE_MS = 5_000;

	private static final Logger log = LoggerFactory.getLogger(LatencyGuard.class);

	private final long maxNanos;

	private long slowestNanos;

	private long nextPauseMs = FIRST_PAUSE_MS;

	private boolean waited;

	private long pauses;

	/**
	 * @param maxLatency {@link Duration#ZERO} to never wait
	 */
	public LatencyGuard(Duration maxLatency) {
		this.maxNanos = maxLatency.toNanos();
	}

	/** Notes how long one round trip to Redis took. */
	public void took(long nanos) {
		slowestNanos = Math.max(slowestNanos, nanos);
	}

	@Override
	public void beforeChunk(Chunk<Object> chunk) {
		if (maxNanos == 0) {
			return;
		}
		long slowest = slowestNanos;
		slowestNanos = 0;
		if (slowest <= maxNanos) {
			if (waited) {
				log.info("Redis answers within max-latency {} ms again: the sweep goes on at full speed",
						TimeUnit.NANOSECONDS.toMillis(maxNanos));
				waited = false;
				nextPauseMs = FIRST_PAUSE_MS;
			}
			return;
		}
		log.warn("a Redis round trip took {} ms, over max-latency {} ms: waiting {} ms before the next chunk",
				TimeUnit.NANOSECONDS.toMillis(slowest), TimeUnit.NANOSECONDS.toMillis(maxNanos), nextPauseMs);
		pauses++;
		waited = true;
		try {
			Thread.sleep(nextPauseMs);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for Redis to answer faster", e);
		}
		nextPauseMs = Math.min(nextPauseMs * 2, MAX_PAUSE_MS);
	}

	/**
	 * The chunks that waited for Redis, across restarts, as a guard recorded them in a
	 * step's context.
	 */
	public static long pauses(ExecutionContext context) {
		return context.getLong(PAUSES, 0);
	}

	@Override
	public void open(ExecutionContext context) {
		pauses = pauses(context);
	}

	@Override
	public void update(ExecutionContext context) {
		context.putLong(PAUSES, pauses);
	}

}
