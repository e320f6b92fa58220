package io.keysweep.progress;

import java.time.Duration;

/**
 * Where a running sweep stands.
 *
 * @param scanned keys read so far, across restarts
 * @param matching of those, keys the classifier recognised
 * @param expired keys given an expiry (or that would be, in a dry run)
 * @param keysPerSecond the rate of this execution
 * @param expected the keys the sweep is expected to read in all, or null when unknown
 */
record Progress(long scanned, long matching, long expired, double keysPerSecond, Long expected) {

	/**
	 * Percent done, or null when unknown; kept below 100 until the end, as the total is
	 * an estimate.
	 */
	Double percent() {
		if (expected == null || expected == 0) {
			return null;
		}
		return Math.min(99.9, 100.0 * scanned / expected);
	}

	/** Time left at the current rate, or null when unknown. */
	Duration eta() {
		if (expected == null || keysPerSecond <= 0) {
			return null;
		}
		return Duration.ofSeconds(Math.round(Math.max(0, expected - scanned) / keysPerSecond));
	}

	String describe() {
		StringBuilder line = new StringBuilder(String.format("scanned %d, matching %d, expired %d, %d keys/s", scanned,
				matching, expired, Math.round(keysPerSecond)));
		Double percent = percent();
		Duration eta = eta();
		if (percent != null) {
			line.append(String.format(", %.1f%% of about %d", percent, expected));
		}
		if (eta != null) {
			line.append(", ETA ").append(format(eta));
		}
		return line.toString();
	}

	static String format(Duration d) {
		long s = d.getSeconds();
		return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60)
				: s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
	}
}
