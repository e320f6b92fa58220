package io.keysweep.metrics;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.keysweep.audit.AuditResult;
import io.keysweep.audit.PatternChange;
import io.keysweep.census.Census;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * An audit's figures beside its run's: totals, suspected leaks, the Sidekiq batch keys
 * that leaked, and its top patterns labelled with {@code pattern}. Only the
 * {@value #MAX_PATTERNS} patterns with the most keys without a TTL get a label of their
 * own; the rest are added up under {@value Census#OTHER}, as the census adds up the
 * patterns its table had no room for, so a keyspace of many patterns cannot flood the
 * time series database.
 */
final class AuditMetrics {

	static final int MAX_PATTERNS = 10;

	private AuditMetrics() {
	}

	static void register(MeterRegistry registry, AuditResult audit, Tags job) {
		if (audit.census() == null) {
			return;
		}
		RunMetrics.gauge(registry, "keysweep.audit.keys", "keys the audit counted", job, audit.census().total().keys());
		RunMetrics.gauge(registry, "keysweep.audit.keys.without.ttl", "keys the audit counted without a TTL", job,
				audit.census().total().withoutTtl());
		RunMetrics.gauge(registry, "keysweep.audit.suspected.leaks", "patterns the audit suspects of a leak", job,
				audit.suspects().size());
		if (audit.sidekiq() != null) {
			RunMetrics.gauge(registry, "keysweep.audit.sidekiq.leaked.notify",
					"Sidekiq Pro notify counters without a TTL whose batch is gone", job,
					audit.sidekiq().batches().leakedNotify());
		}
		bounded(audit.changes()).forEach((pattern, rows) -> {
			Tags tags = job.and("pattern", pattern);
			RunMetrics.gauge(registry, "keysweep.audit.pattern.keys", "keys of the pattern", tags,
					rows.stream().mapToLong(c -> c.row().keys()).sum());
			RunMetrics.gauge(registry, "keysweep.audit.pattern.keys.without.ttl", "keys of the pattern without a TTL",
					tags, rows.stream().mapToLong(c -> c.row().withoutTtl()).sum());
			Gauge
				.builder("keysweep.audit.pattern.memory.without.ttl",
						() -> rows.stream().mapToDouble(PatternChange::bytesWithoutTtl).sum())
				.description("estimated memory held by the pattern's keys without a TTL, from sampled keys")
				.baseUnit("bytes")
				.tags(tags)
				.register(registry);
		});
	}

	/**
	 * The rows of the {@value #MAX_PATTERNS} patterns with the most keys without a TTL,
	 * each alone, and the rest under {@value Census#OTHER}.
	 */
	static Map<String, List<PatternChange>> bounded(List<PatternChange> changes) {
		List<PatternChange> named = changes.stream()
			.filter(c -> !Census.OTHER.equals(c.pattern()))
			.sorted(Comparator.comparingLong((PatternChange c) -> c.row().withoutTtl())
				.reversed()
				.thenComparing(PatternChange::pattern))
			.toList();
		Map<String, List<PatternChange>> bounded = new LinkedHashMap<>();
		named.stream().limit(MAX_PATTERNS).forEach(c -> bounded.put(c.pattern(), List.of(c)));
		List<PatternChange> rest = changes.stream().filter(c -> !bounded.containsKey(c.pattern())).toList();
		if (!rest.isEmpty()) {
			bounded.put(Census.OTHER, rest);
		}
		return bounded;
	}

}
