package io.keysweep.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.keysweep.census.Census;
import io.keysweep.census.PatternRow;
import io.keysweep.run.SweepResult;

/**
 * What an audit found: its census, each pattern beside the previous audit of the same
 * Redis, and the suspected leaks.
 *
 * @param run how the audit's execution ended
 * @param census what it counted (as far as it got), or null when it counted nothing
 * @param previousExecution the execution id of the audit it is compared with, or null
 * @param changes every row of the census, most keys first
 * @param suspects the suspected leaks: pattern to why
 */
public record AuditResult(SweepResult run, Census census, Long previousExecution, List<PatternChange> changes,
		Map<String, String> suspects) {

	static AuditResult of(SweepResult run, Census census, Long previousExecution, Census previous,
			LeakThresholds thresholds) {
		List<PatternChange> changes = new ArrayList<>();
		Map<String, String> suspects = new LinkedHashMap<>();
		if (census != null) {
			double audited = census.estimatedBytes(census.total());
			for (PatternRow row : census.rows()) {
				PatternChange change = PatternChange.of(census, row, previous);
				changes.add(change);
				String why = Census.OTHER.equals(row.pattern()) ? null : thresholds.suspicion(change, audited);
				if (why != null) {
					suspects.put(row.pattern(), why);
				}
			}
		}
		return new AuditResult(run, census, previousExecution, changes, suspects);
	}

	public PatternChange change(String pattern) {
		return changes.stream().filter(c -> c.pattern().equals(pattern)).findFirst().orElse(null);
	}

}
