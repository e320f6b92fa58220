package io.keysweep.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.OffsetDateTime;

import io.keysweep.failure.OperatorException;
import io.keysweep.report.RunRecord;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * A run's figures in the Prometheus text format, for a textfile collector: written to a
 * temporary file beside the target and renamed over it, so that a scrape never reads half
 * a file. Every metric is named {@code keysweep_...} and labelled with the job; counts
 * per class also with the class.
 */
public final class MetricsFile {

	private MetricsFile() {
	}

	/**
	 * @throws OperatorException when the file's directory is missing or not writable:
	 * check it before a run
	 */
	public static void checkWritable(Path file) {
		Path dir = directory(file);
		if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
			throw new OperatorException("--metrics-file: cannot write in " + dir
					+ (Files.isDirectory(dir) ? " (not writable)" : " (no such directory)"));
		}
		if (Files.isDirectory(file)) {
			throw new OperatorException("--metrics-file: " + file + " is a directory");
		}
	}

	public static void write(Path file, RunRecord run) throws IOException {
		String text = scrape(run);
		Path dir = directory(file);
		// the temporary name does not end in .prom, so a collector reading *.prom never
		// picks it up
		Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
		try {
			Files.writeString(temp, text, StandardCharsets.UTF_8);
			try {
				Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException e) {
				throw new IOException("cannot replace " + file + " atomically: " + e.getMessage(), e);
			}
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	static String scrape(RunRecord run) {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		Tags job = Tags.of("job", run.job());
		gauge(registry, "keysweep.run.completed", "1 when the run completed, else 0", job, run.completed() ? 1 : 0);
		gauge(registry, "keysweep.run.dry.run", "1 for a dry run, which expires nothing", job, run.dryRun() ? 1 : 0);
		gauge(registry, "keysweep.run.execution.id", "the execution id in the job repository", job, run.executionId());
		if (run.rateLimit() != null) {
			gauge(registry, "keysweep.run.rate.limit", "keys per second the run was held to", job, run.rateLimit());
		}
		Gauge.builder("keysweep.run.duration", run::durationSeconds)
			.description("how long the run took")
			.baseUnit("seconds")
			.tags(job)
			.register(registry);
		if (run.endedAt() != null) {
			Gauge.builder("keysweep.run.end.timestamp", () -> OffsetDateTime.parse(run.endedAt()).toEpochSecond())
				.description("when the run ended, in seconds since the epoch")
				.baseUnit("seconds")
				.tags(job)
				.register(registry);
		}
		RunRecord.Counts counts = run.counts();
		gauge(registry, "keysweep.keys.scanned", "keys SCAN returned", job, counts.scanned());
		gauge(registry, "keysweep.keys.matching", "scanned keys the classifier recognised", job, counts.matching());
		gauge(registry, "keysweep.keys.expired", "keys given an expiry", job, counts.expired());
		gauge(registry, "keysweep.keys.would.expire", "keys a dry run would have given an expiry", job,
				counts.wouldExpire());
		gauge(registry, "keysweep.keys.changed.meanwhile", "keys that got a TTL or vanished before the write", job,
				counts.changedMeanwhile());
		run.classes()
			.forEach((keyClass, n) -> gauge(registry, "keysweep.class.keys", "keys found per class",
					job.and("class", keyClass), n));
		if (run.memoryEstimate() != null) {
			Gauge.builder("keysweep.memory.estimate", run.memoryEstimate()::bytes)
				.description("estimated memory held by the keys the run gave an expiry, from sampled keys")
				.baseUnit("bytes")
				.tags(job)
				.register(registry);
		}
		gauge(registry, "keysweep.alerts", "alert thresholds the run crossed", job, run.alerts().size());
		run.alerts()
			.forEach(alert -> gauge(registry, "keysweep.alert.excess", "by how much the run crossed an alert threshold",
					job.and("threshold", alert.threshold()), alert.excess()));
		return registry.scrape();
	}

	private static void gauge(PrometheusMeterRegistry registry, String name, String help, Tags tags, double value) {
		Gauge.builder(name, () -> value).description(help).tags(tags).register(registry);
	}

	private static Path directory(Path file) {
		Path parent = file.toAbsolutePath().getParent();
		return parent == null ? Path.of(".") : parent;
	}

}
