package io.keysweep.report;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.keysweep.alert.Alert;
import io.keysweep.batch.RunFacts;
import io.keysweep.batch.SweepJobFactory;
import io.keysweep.batch.SweepParameters;
import io.keysweep.scan.ScanCheckpoint;
import io.keysweep.tally.SweepCounts;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One execution of a sweep as the job repository holds it: what every report format
 * prints, and, field for field, the JSON report's schema (its names are snake_case in
 * JSON; keep them stable, scripts read them).
 *
 * @param resumedFrom the execution of the same job instance this one continued, or null
 * @param startedAt ISO-8601 with offset, null before the run started
 * @param endedAt ISO-8601 with offset, null while it runs
 * @param rateLimit keys per second the execution was held to ({@code rate:} or
 * {@code --rate}), null for no limit
 * @param parameters the job parameters (they hold no secret: the Redis endpoint is host
 * and port only)
 */
public record RunRecord(long executionId, String job, long instanceId, String status, String exitCode, boolean dryRun,
		Long resumedFrom, String startedAt, String endedAt, double durationSeconds, Long rateLimit,
		Map<String, String> parameters, Redis redis, Counts counts, Map<String, Long> classes,
		Map<String, List<String>> sampleKeys, SweepCounts.MemoryEstimate memoryEstimate, List<AlertRecord> alerts,
		List<StepRecord> steps, List<String> errors) {

	/**
	 * @param endpoint host:port[/db]
	 * @param version {@code redis_version} at the start of the execution
	 * @param runId {@code run_id} at the last checkpoint
	 */
	public record Redis(String endpoint, String version, String runId) {
	}

	/**
	 * Keys SCAN returned, recognised, given an expiry, counted by a dry run, and found
	 * changed at write time, over the whole run (a resume includes the executions it
	 * continued); the keys this execution scanned itself; and the stale members of the
	 * dead-batch set removed, or counted by a dry run (0 for runs recorded before
	 * keysweep counted them, and for jobs without the dead set).
	 */
	public record Counts(long scanned, long matching, long expired, long wouldExpire, long changedMeanwhile,
			long scannedThisExecution, long removed, long wouldRemove) {

		/** What the run gave an expiry, or would have in a dry run. */
		public long expiredOrWouldExpire() {
			return expired + wouldExpire;
		}
	}

	/**
	 * Keys this execution scanned per second of its own time: a resume's counts include
	 * the executions it continued, its duration does not.
	 */
	public long keysPerSecond() {
		return durationSeconds > 0 ? Math.round(counts.scannedThisExecution() / durationSeconds)
				: counts.scannedThisExecution();
	}

	/**
	 * A threshold crossed; {@code comparedWith} is the previous completed run for growth
	 * thresholds, else null.
	 */
	public record AlertRecord(String threshold, long limit, long value, long excess, Long comparedWith,
			String description) {
	}

	public record StepRecord(String name, String status, long readCount, long writeCount, long filterCount,
			long commitCount, long rollbackCount, String startedAt, String endedAt) {
	}

	/**
	 * @param resumedFrom the previous execution of the same job instance, or null
	 */
	public static RunRecord of(JobExecution execution, Long resumedFrom) {
		// one step says where the run went; with several databases, cluster nodes or the
		// dead set, counts add up
		ExecutionContext context = RunFacts.Recorded.ofRun(execution);
		RunFacts.Recorded facts = RunFacts.Recorded.from(context);
		SweepCounts counts = counts(execution);
		Map<String, String> parameters = new TreeMap<>();
		for (JobParameter<?> parameter : execution.getJobParameters()) {
			parameters.put(parameter.name(), String.valueOf(parameter.value()));
		}
		SweepParameters sweep = SweepParameters.from(execution.getJobParameters());
		List<AlertRecord> alerts = execution.getStepExecutions()
			.stream()
			.flatMap(step -> Alert.from(step.getExecutionContext()).stream())
			.map(a -> new AlertRecord(a.threshold(), a.limit(), a.value(), a.excess(), a.comparedWith(), a.describe()))
			.toList();
		List<StepRecord> steps = execution.getStepExecutions()
			.stream()
			.map(s -> new StepRecord(s.getStepName(), s.getStatus().toString(), s.getReadCount(), s.getWriteCount(),
					s.getFilterCount(), s.getCommitCount(), s.getRollbackCount(), time(s.getStartTime()),
					time(s.getEndTime())))
			.toList();
		return new RunRecord(execution.getId(), execution.getJobInstance().getJobName(),
				execution.getJobInstance().getInstanceId(), execution.getStatus().toString(),
				execution.getExitStatus().getExitCode(), sweep.dryRun(), resumedFrom, time(execution.getStartTime()),
				time(execution.getEndTime()), seconds(execution.getStartTime(), execution.getEndTime()),
				facts.rateLimit(), parameters,
				new Redis(sweep.redisEndpoint(), facts.redisVersion(), ScanCheckpoint.from(context).redisRunId()),
				new Counts(counts.total(SweepCounts.SCANNED), counts.total(SweepCounts.MATCHING),
						counts.total(SweepCounts.EXPIRED), counts.total(SweepCounts.WOULD_EXPIRE),
						counts.total(SweepCounts.CHANGED_MEANWHILE),
						counts.total(SweepCounts.SCANNED) - counts.total(SweepCounts.SCANNED_BEFORE),
						counts.total(SweepCounts.REMOVED), counts.total(SweepCounts.WOULD_REMOVE)),
				counts.classes(), counts.samples(), counts.memoryEstimate(), alerts, steps, errors(execution, facts));
	}

	/**
	 * The figures of all the execution's steps added up; empty when the job failed before
	 * a step began.
	 */
	public static SweepCounts counts(JobExecution execution) {
		return execution.getStepExecutions()
			.stream()
			.map(StepExecution::getExecutionContext)
			.map(SweepCounts::from)
			.reduce(SweepCounts::plus)
			.orElseGet(() -> SweepCounts.NONE);
	}

	/**
	 * Whether the run swept a dead-batch set: only then do its summaries show members.
	 */
	public boolean sweptDeadSet() {
		return steps.stream().anyMatch(step -> step.name().startsWith(SweepJobFactory.DEAD_SET_STEP));
	}

	/** Whether the run completed; a completed run with alerts still completed. */
	public boolean completed() {
		return BatchStatus.COMPLETED.toString().equals(status);
	}

	private static List<String> errors(JobExecution execution, RunFacts.Recorded facts) {
		if (!facts.errors().isEmpty()) {
			return facts.errors();
		}
		List<String> errors = new ArrayList<>();
		String description = execution.getExitStatus().getExitDescription();
		if (execution.getStatus() == BatchStatus.FAILED && description != null && !description.isBlank()) {
			// failed before the step began: Spring Batch kept a stack trace, whose first
			// line says why
			errors.add(description.lines().findFirst().orElse(description));
		}
		return errors;
	}

	private static String time(LocalDateTime time) {
		// the formatter, unlike toString(), always writes the seconds
		return time == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME
			.format(time.truncatedTo(ChronoUnit.MILLIS).atZone(ZoneId.systemDefault()));
	}

	private static double seconds(LocalDateTime start, LocalDateTime end) {
		if (start == null) {
			return 0;
		}
		return Duration.between(start, end == null ? LocalDateTime.now() : end).toMillis() / 1000.0;
	}
}
