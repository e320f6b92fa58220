package io.keysweep.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.keysweep.census.Census;
import io.keysweep.census.PatternRow;
import io.keysweep.run.SweepResult;

/**
 * What an audit found: its census, each pattern beside the previous audit of the same
 * Redis, the suspected leaks and what it found of Sidekiq Pro batches.
 *
 * @param run how the audit's execution ended
 * @param census what it counted (as far as it got), or null when it counted nothing
 * @param previousExecution the execution id of the audit it is compared with, or null
 * @param changes every row of the census, most keys first
 * @param suspects the suspected leaks: pattern to why
 * @param sidekiq the Sidekiq Pro batches it met, or null when it met none
 */
public record AuditResult(SweepResult run, Census census, Long previousExecution, List<PatternChange> changes,
		Map<String, String> suspects, SidekiqSection sidekiq) {

	/**
	 * @param suspicion why a pattern is suspected, or null when it is not: the
	 * thresholds' verdict for a new audit, the recorded one for a past audit
	 */
	static AuditResult of(SweepResult run, Census census, Long previousExecution, Census previous,
			SidekiqSection sidekiq, Function<PatternChange, String> suspicion) {
		List<PatternChange> changes = new ArrayList<>();
		Map<String, String> suspects = new LinkedHashMap<>();
		if (census != null) {
			for (PatternRow row : census.rows()) {
				PatternChange change = PatternChange.of(census, row, previous);
				changes.add(change);
				String why = Census.OTHER.equals(row.pattern()) ? null : suspicion.apply(change);
				if (why != null) {
					suspects.put(row.pattern(), why);
				}
			}
		}
		return new AuditResult(run, census, previousExecution, changes, suspects, sidekiq);
	}

	public PatternChange change(String pattern) {
		return changes.stream().filter(c -> c.pattern().equals(pattern)).findFirst().orElse(null);
	}

	/**
	 * The patterns that hold the most memory without a TTL (then the most keys): the
	 * first an operator looks at.
	 */
	public List<PatternChange> topByMemoryWithoutTtl(int top) {
		return changes.stream()
			.sorted(Comparator.comparingDouble(PatternChange::bytesWithoutTtl)
				.reversed()
				.thenComparing(c -> -c.row().keys()))
			.limit(top)
			.toList();
	}

	/** The execution id of this audit. */
	public long executionId() {
		return run.execution().getId();
	}

}
