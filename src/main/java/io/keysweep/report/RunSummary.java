package io.keysweep.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.keysweep.batch.SweepParameters;
import io.keysweep.classify.Verdict;
import org.springframework.batch.core.job.JobExecution;

/**
 * People's view of runs, from what the job repository holds: the summary printed at the
 * end of a run, one line per run for {@code report}, and one run in full for
 * {@code report --execution}.
 */
public final class RunSummary {

	private RunSummary() {
	}

	/** The summary printed at the end of a run. */
	public static String of(JobExecution execution) {
		return summary(RunRecord.of(execution, null));
	}

	/** The same for a run already read. */
	public static String summary(RunRecord run) {
		RunRecord.Counts counts = run.counts();
		StringBuilder out = new StringBuilder();
		out.append(run.job())
			.append(": ")
			.append(run.status())
			.append(" (execution ")
			.append(run.executionId())
			.append(run.dryRun() ? ", dry run" : "")
			.append(run.resumedFrom() == null ? "" : ", resumed from #" + run.resumedFrom())
			.append(")\n");
		out.append(String.format("  keys scanned %d, matching %d%n", counts.scanned(), counts.matching()));
		out.append("  classes: ").append(classes(run.classes())).append('\n');
		out.append(String.format(
				"  expired %d, would expire %d, already had a TTL %d, vanished %d, changed meanwhile %d%n",
				counts.expired(), counts.wouldExpire(), run.classes().getOrDefault(Verdict.HAS_TTL, 0L),
				run.classes().getOrDefault(Verdict.VANISHED, 0L), counts.changedMeanwhile()));
		if (run.sweptDeadSet()) {
			out.append(String.format("  dead-batch set: members removed %d, would remove %d%n", counts.removed(),
					counts.wouldRemove()));
		}
		if (run.memoryEstimate() != null) {
			out.append(String.format("  memory held by the keys %s: about %s (an estimate from %d sampled keys)%n",
					run.dryRun() ? "that would get an expiry" : "given an expiry", bytes(run.memoryEstimate().bytes()),
					run.memoryEstimate().sampledKeys()));
		}
		for (RunRecord.AlertRecord alert : run.alerts()) {
			out.append("  ALERT ").append(alert.description()).append('\n');
		}
		out.append(String.format("  elapsed %.2f s, %d keys/s%s", run.durationSeconds(), run.keysPerSecond(),
				run.rateLimit() == null ? "" : ", " + rateLimit(run)));
		return out.toString();
	}

	/**
	 * One run in full: the summary, then where it ran, its parameters, steps, sample keys
	 * and errors.
	 */
	static String detail(RunRecord run) {
		StringBuilder out = new StringBuilder(summary(run)).append('\n');
		out.append("  started ")
			.append(orDash(run.startedAt()))
			.append(", ended ")
			.append(orDash(run.endedAt()))
			.append('\n');
		out.append("  redis ")
			.append(orDash(run.redis().endpoint()))
			.append(", version ")
			.append(orDash(run.redis().version()))
			.append(", run_id ")
			.append(orDash(run.redis().runId()))
			.append('\n');
		out.append("  parameters: ")
			.append(run.parameters()
				.entrySet()
				.stream()
				.map(e -> e.getKey() + "=" + e.getValue())
				.collect(Collectors.joining(", ")))
			.append('\n');
		for (RunRecord.StepRecord step : run.steps()) {
			out.append(String.format("  step %s: %s, read %d, written %d, filtered %d, commits %d, rollbacks %d%n",
					step.name(), step.status(), step.readCount(), step.writeCount(), step.filterCount(),
					step.commitCount(), step.rollbackCount()));
		}
		if (!run.sampleKeys().isEmpty()) {
			out.append("  sample keys (escaped):\n");
			run.sampleKeys()
				.forEach((keyClass, keys) -> out.append("    ")
					.append(keyClass)
					.append(": ")
					.append(String.join(" ", keys))
					.append('\n'));
		}
		for (String error : run.errors()) {
			out.append("  error: ").append(error).append('\n');
		}
		return out.toString().stripTrailing();
	}

	/** One line per run: id, job, start, duration, status, counts. */
	static String line(RunRecord run) {
		RunRecord.Counts counts = run.counts();
		String status = run.status() + (run.resumedFrom() == null ? "" : " (resumed from #" + run.resumedFrom() + ")")
				+ (run.dryRun() ? " [dry run]" : "") + (run.alerts().isEmpty() ? "" : " [alert]")
				+ (run.rateLimit() == null ? "" : " [" + rateLimit(run) + "]");
		// the Redis last: runs of one job on several servers are told apart by it
		return String.format("#%d  %s  %s  %8.1fs  %s  scanned %d, matching %d, %s %d%s  %s  redis %s",
				run.executionId(), run.job(), shortTime(run.startedAt()), run.durationSeconds(), status,
				counts.scanned(), counts.matching(), run.dryRun() ? "would expire" : "expired",
				counts.expiredOrWouldExpire(), deadSetMembers(run), classes(run.classes()),
				orDash(run.redis().endpoint()) + masterOf(run));
	}

	/**
	 * {@code  [slots 0-5460]} for a fleet's run of one master of a cluster: a night's
	 * runs of the cluster are one per master.
	 */
	private static String masterOf(RunRecord run) {
		String slots = run.parameters().get(SweepParameters.MASTER_SLOTS);
		return slots == null ? "" : " [slots " + slots + "]";
	}

	/**
	 * The members a run of the dead-batch set removed, or would have, for its line here
	 * and its row in the HTML report.
	 */
	static String deadSetMembers(RunRecord run) {
		if (!run.sweptDeadSet()) {
			return "";
		}
		return run.dryRun() ? ", would remove " + run.counts().wouldRemove() : ", removed " + run.counts().removed();
	}

	/**
	 * One line per run; runs on several Redis targets are grouped by target, each group
	 * under its name, the group with the newest run first.
	 */
	static String lines(List<RunRecord> runs) {
		if (runs.isEmpty()) {
			return "no runs yet";
		}
		Map<String, List<RunRecord>> byTarget = byTarget(runs);
		if (byTarget.size() == 1) {
			return joined(runs);
		}
		return byTarget.entrySet()
			.stream()
			.map(target -> "== target " + target.getKey() + "\n" + joined(target.getValue()))
			.collect(Collectors.joining("\n"));
	}

	/**
	 * The runs by the Redis target they swept, in the order of each target's first run.
	 */
	static Map<String, List<RunRecord>> byTarget(List<RunRecord> runs) {
		return runs.stream()
			.collect(Collectors.groupingBy(run -> orDash(run.redis().endpoint()), LinkedHashMap::new,
					Collectors.toList()));
	}

	private static String joined(List<RunRecord> runs) {
		return runs.stream().map(RunSummary::line).collect(Collectors.joining("\n"));
	}

	/** {@code rate limit 5000 keys/s}, for a run held to a rate. */
	private static String rateLimit(RunRecord run) {
		return "rate limit " + run.rateLimit() + " keys/s";
	}

	private static String classes(Map<String, Long> classes) {
		return classes.isEmpty() ? "none"
				: classes.entrySet()
					.stream()
					.map(e -> e.getKey() + " " + e.getValue())
					.collect(Collectors.joining(", "));
	}

	/** {@code 2025-11-27 03:00:01} from an ISO-8601 time; "-" for none. */
	static String shortTime(String iso) {
		return iso == null ? "-" : iso.substring(0, 19).replace('T', ' ');
	}

	private static String orDash(String s) {
		return s == null ? "-" : s;
	}

	/** Bytes for people, in binary units. */
	static String bytes(long n) {
		if (n < 1024) {
			return n + " B";
		}
		int unit = (63 - Long.numberOfLeadingZeros(n)) / 10;
		return String.format("%.1f %siB", n / (double) (1L << (unit * 10)), "KMGTPE".charAt(unit - 1));
	}

}
