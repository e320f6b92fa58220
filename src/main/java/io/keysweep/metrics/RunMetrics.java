package io.keysweep.metrics;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.keysweep.audit.AuditResult;
import io.keysweep.report.RunRecord;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * A run's figures in the Prometheus text format, as the metrics file holds them and as
 * they are pushed. Every metric is named {@code keysweep_...} and labelled with
 * {@code keysweep_job} and {@code target} (the name of a target of a targets file, else
 * the Redis endpoint, host:port[/db]; never credentials): not {@code job} or
 * {@code instance}, which Prometheus sets itself on every series it scrapes. Counts per
 * class are also labelled with the class; a run that finds more than
 * {@value #MAX_CLASSES} classes counts the smallest ones under {@code other}, so that a
 * definition with many rules cannot flood the time series database.
 */
public final class RunMetrics {

	/** The label of the job's name. */
	public static final String JOB_LABEL = "keysweep_job";

	/** The label of the Redis endpoint swept. */
	public static final String TARGET_LABEL = "target";

	static final int MAX_CLASSES = 20;

	static final String OTHER_CLASSES = "other";

	private RunMetrics() {
	}

	/**
	 * A run's figures with the time of its job's latest success.
	 *
	 * @param lastSuccess when the job's latest completed run against the same target
	 * ended, in seconds since the epoch; null when none did
	 * @param audit the run as an audit, or null for a sweep
	 */
	public record Figures(RunRecord run, Long lastSuccess, AuditResult audit) {

		public Figures(RunRecord run, Long lastSuccess) {
			this(run, lastSuccess, null);
		}
	}

	/**
	 * Runs' figures in one exposition (each metric's HELP and TYPE once): one run for the
	 * metrics file and the push, each job's latest for the daemon's /metrics.
	 * @param version keysweep's version, for {@code keysweep_build_info}
	 */
	public static String text(Collection<Figures> runs, String version) {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		register(registry, runs, version);
		return registry.scrape();
	}

	/**
	 * Registers runs' figures as gauges in a registry: the Prometheus one of
	 * {@link #text}, the OTLP one of {@link OtlpExport}.
	 */
	static void register(MeterRegistry registry, Collection<Figures> runs, String version) {
		gauge(registry, "keysweep.build.info", "1, labelled with the keysweep version that wrote these figures",
				Tags.of("version", version), 1);
		runs.forEach(figures -> {
			register(registry, figures.run(), figures.lastSuccess());
			if (figures.audit() != null) {
				AuditMetrics.register(registry, figures.audit(),
						Tags.of(JOB_LABEL, figures.run().job(), TARGET_LABEL, target(figures.run())));
			}
		});
	}

	private static void register(MeterRegistry registry, RunRecord run, Long lastSuccess) {
		Tags job = Tags.of(JOB_LABEL, run.job(), TARGET_LABEL, target(run));
		gauge(registry, "keysweep.run.completed", "1 when the run completed, else 0", job, run.completed() ? 1 : 0);
		gauge(registry, "keysweep.run.dry.run", "1 for a dry run, which expires nothing", job, run.dryRun() ? 1 : 0);
		gauge(registry, "keysweep.run.execution.id", "the execution id in the job repository", job, run.executionId());
		if (run.rateLimit() != null) {
			gauge(registry, "keysweep.run.rate.limit", "keys per second the run was held to", job, run.rateLimit());
		}
		seconds(registry, "keysweep.run.duration", "how long the run took", job, run.durationSeconds());
		if (run.endedAt() != null) {
			seconds(registry, "keysweep.run.end.timestamp", "when the run ended, in seconds since the epoch", job,
					epochSeconds(run.endedAt()));
		}
		if (lastSuccess != null) {
			seconds(registry, "keysweep.last.success.timestamp",
					"when the job's latest completed run against this target ended, in seconds since the epoch", job,
					lastSuccess);
		}
		RunRecord.Counts counts = run.counts();
		gauge(registry, "keysweep.keys.scanned", "keys SCAN returned", job, counts.scanned());
		gauge(registry, "keysweep.keys.matching", "scanned keys the classifier recognised", job, counts.matching());
		gauge(registry, "keysweep.keys.expired", "keys given an expiry", job, counts.expired());
		gauge(registry, "keysweep.keys.would.expire", "keys a dry run would have given an expiry", job,
				counts.wouldExpire());
		gauge(registry, "keysweep.keys.changed.meanwhile", "keys that got a TTL or vanished before the write", job,
				counts.changedMeanwhile());
		gauge(registry, "keysweep.members.removed", "stale members SREM took out of the dead-batch set", job,
				counts.removed());
		gauge(registry, "keysweep.members.would.remove",
				"stale members a dry run would have taken out of the dead-batch set", job, counts.wouldRemove());
		boundedClasses(run.classes()).forEach((keyClass, n) -> gauge(registry, "keysweep.class.keys",
				"keys found per class", job.and("class", keyClass), n));
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
	}

	/** The Redis endpoint the run swept, host:port[/db]: the {@code target} label. */
	public static String target(RunRecord run) {
		return run.redis() == null || run.redis().endpoint() == null ? "unknown" : run.redis().endpoint();
	}

	/**
	 * The classes, the largest {@value #MAX_CLASSES} - 1 by name and the rest added up
	 * under {@code other} when there are more than {@value #MAX_CLASSES}.
	 */
	static Map<String, Long> boundedClasses(Map<String, Long> classes) {
		if (classes.size() <= MAX_CLASSES) {
			return classes;
		}
		List<Map.Entry<String, Long>> largestFirst = classes.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
				.thenComparing(Map.Entry.comparingByKey()))
			.toList();
		Map<String, Long> bounded = new TreeMap<>();
		largestFirst.subList(0, MAX_CLASSES - 1).forEach(e -> bounded.put(e.getKey(), e.getValue()));
		bounded.merge(OTHER_CLASSES,
				largestFirst.subList(MAX_CLASSES - 1, largestFirst.size())
					.stream()
					.mapToLong(Map.Entry::getValue)
					.sum(),
				Long::sum);
		return bounded;
	}

	/** An ISO-8601 time with offset, as {@link RunRecord} holds it, in epoch seconds. */
	public static long epochSeconds(String isoTime) {
		return OffsetDateTime.parse(isoTime).toEpochSecond();
	}

	static void gauge(MeterRegistry registry, String name, String help, Tags tags, double value) {
		Gauge.builder(name, () -> value).description(help).tags(tags).register(registry);
	}

	private static void seconds(MeterRegistry registry, String name, String help, Tags tags, double value) {
		Gauge.builder(name, () -> value).description(help).baseUnit("seconds").tags(tags).register(registry);
	}

}
