package io.keysweep.run;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

import io.keysweep.batch.TargetRuns;
import io.keysweep.failure.OperatorException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.stereotype.Component;

/**
 * What the job repository knows about a job's executions, by id, job and named Redis
 * target, as report, jobs, resume, run and stop need it; {@link TargetExecutions} finds a
 * job's runs on the Redis this process is given.
 */
@Component
public class ExecutionHistory {

	private final JobRepository jobRepository;

	private final TargetRuns targetRuns;

	public ExecutionHistory(JobRepository jobRepository, TargetRuns targetRuns) {
		this.jobRepository = jobRepository;
		this.targetRuns = targetRuns;
	}

	/** The job's most recent execution on the named Redis target. */
	public Optional<JobExecution> latestOn(String job, String target) {
		return targetRuns.newestFirst(job, target).findFirst().map(jobRepository::getLastJobExecution);
	}

	/**
	 * The job's newest run on whichever Redis it swept: {@code jobs} needs no Redis and
	 * lists each job once, naming the target of its last run.
	 */
	public Optional<JobExecution> latestOnAnyTarget(String job) {
		return Optional.ofNullable(jobRepository.getLastJobInstance(job)).map(jobRepository::getLastJobExecution);
	}

	/**
	 * @throws OperatorException when the job repository has no such execution
	 */
	public JobExecution get(long id) {
		JobExecution execution;
		try {
			execution = jobRepository.getJobExecution(id);
		}
		catch (EmptyResultDataAccessException none) {
			// the JDBC repository throws where its contract says null
			execution = null;
		}
		if (execution == null) {
			throw new OperatorException("no execution " + id + " in this job repository");
		}
		return execution;
	}

	/**
	 * The latest execution of the same run: the one that resuming the given execution
	 * continues.
	 */
	public JobExecution latestOfRun(JobExecution execution) {
		return jobRepository.getLastJobExecution(execution.getJobInstance());
	}

	/**
	 * Executions of the job that the repository shows as running (a crashed one looks the
	 * same).
	 */
	public Set<JobExecution> running(String job) {
		return jobRepository.findRunningJobExecutions(job);
	}

	/** Failed, stopped, or left running by a process that died: a resume continues it. */
	public static boolean isUnfinished(JobExecution execution) {
		return execution.getStatus() != BatchStatus.COMPLETED && execution.getStatus() != BatchStatus.ABANDONED;
	}

	/**
	 * E.g. {@code execution 7 of job 'nightly' (STOPPED, started 2025-06-01T03:00:00)}.
	 */
	public static String describe(JobExecution execution) {
		LocalDateTime started = execution.getStartTime() != null ? execution.getStartTime() : execution.getCreateTime();
		String master = TargetRuns.masterSlots(execution);
		return "execution " + execution.getId() + " of job '" + execution.getJobInstance().getJobName() + "'"
				+ (master == null ? "" : " on the master of slots " + master) + " (" + execution.getStatus()
				+ (started == null ? "" : ", started " + started.truncatedTo(ChronoUnit.SECONDS)) + ")";
	}

}
