package io.keysweep.progress;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log line at most every {@code interval}: for runs nobody watches, and for log
 * shippers.
 */
final class ProgressLog implements ProgressDisplay {

	private static final Logger log = LoggerFactory.getLogger(ProgressLog.class);

	private final long intervalNanos;

	private long lastLine;

	private String job;

	ProgressLog(Duration interval) {
		this.intervalNanos = interval.toNanos();
	}

	@Override
	public void start(String job, Long expected) {
		this.job = job;
		lastLine = System.nanoTime();
		log.info("{}: sweeping {}", job,
				expected == null ? "an unknown number of keys" : "about " + expected + " keys");
	}

	@Override
	public void update(Progress progress) {
		long now = System.nanoTime();
		if (now - lastLine >= intervalNanos) {
			lastLine = now;
			log.info("{}: {}", job, progress.describe());
		}
	}

	@Override
	public void finish(Progress last) {
		// the run's summary follows
	}

}
