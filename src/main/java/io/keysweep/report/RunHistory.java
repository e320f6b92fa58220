package io.keysweep.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.keysweep.audit.AuditHistory;
import io.keysweep.audit.AuditResult;
import io.keysweep.failure.OperatorException;
import io.keysweep.run.ExecutionHistory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/** Reads past runs back from the job repository, newest first. */
@Component
public class RunHistory {

	/**
	 * Enough for weeks of nightly runs; a job that failed more often than this in a row
	 * has been alerting for long.
	 */
	private static final int SUCCESS_LOOKBACK = 100;

	private final JobRepository jobRepository;

	private final ExecutionHistory executions;

	private final AuditHistory audits;

	public RunHistory(JobRepository jobRepository, ExecutionHistory executions, AuditHistory audits) {
		this.jobRepository = jobRepository;
		this.executions = executions;
		this.audits = audits;
	}

	/**
	 * The newest executions, of one job or of all.
	 * @param job a job name, or null for every job
	 * @param last how many executions at the most
	 * @throws OperatorException when the repository holds no run of that job
	 */
	public List<RunRecord> recent(String job, int last) {
		List<String> jobs = jobRepository.getJobNames();
		if (job != null && !jobs.contains(job)) {
			throw new OperatorException("no run of job '" + job + "' in the job repository" + (jobs.isEmpty() ? ""
					: " (jobs there: " + String.join(", ", jobs.stream().sorted().toList()) + ")"));
		}
		List<RunRecord> runs = new ArrayList<>();
		for (String name : job == null ? jobs : List.of(job)) {
			// every instance has one execution at least, so the newest `last` instances
			// hold the newest executions
			for (JobInstance instance : jobRepository.getJobInstances(name, 0, last)) {
				runs.addAll(records(jobRepository.getJobExecutions(instance)));
			}
		}
		runs.sort(Comparator.comparingLong(RunRecord::executionId).reversed());
		return runs.size() > last ? runs.subList(0, last) : runs;
	}

	/**
	 * The job's latest completed run, not a dry run, against the Redis endpoint, among
	 * its newest {@value #SUCCESS_LOOKBACK} executions: what the last-success metric
	 * reports.
	 */
	public Optional<RunRecord> lastSuccess(String job, String endpoint) {
		return recent(job, SUCCESS_LOOKBACK).stream()
			.filter(r -> r.completed() && !r.dryRun() && endpoint.equals(r.redis().endpoint()))
			.findFirst();
	}

	/**
	 * @throws OperatorException when there is no such execution
	 */
	public RunRecord execution(long id) {
		JobExecution execution = executions.get(id);
		return records(jobRepository.getJobExecutions(execution.getJobInstance())).stream()
			.filter(r -> r.executionId() == id)
			.findFirst()
			.orElseThrow();
	}

	/**
	 * The run as an audit: its census beside the previous audit's, its suspected leaks;
	 * empty for a sweep, or an audit that counted nothing.
	 */
	public Optional<AuditResult> audit(RunRecord run) {
		return audits.of(executions.get(run.executionId()));
	}

	/** The audits among runs, by execution id. */
	Map<Long, AuditResult> audits(List<RunRecord> runs) {
		Map<Long, AuditResult> found = new HashMap<>();
		runs.forEach(run -> audit(run).ifPresent(audit -> found.put(run.executionId(), audit)));
		return found;
	}

	/** The executions of one instance, each knowing the one it resumed. */
	private static List<RunRecord> records(List<JobExecution> executions) {
		List<JobExecution> sorted = new ArrayList<>(executions);
		sorted.sort(Comparator.comparingLong(JobExecution::getId));
		List<RunRecord> records = new ArrayList<>(sorted.size());
		for (int i = 0; i < sorted.size(); i++) {
			records.add(RunRecord.of(sorted.get(i), i == 0 ? null : sorted.get(i - 1).getId()));
		}
		return records;
	}

}
