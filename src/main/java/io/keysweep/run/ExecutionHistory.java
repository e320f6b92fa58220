package io.keysweep.run;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.keysweep.batch.SweepParameters;
import io.keysweep.batch.TargetRuns;
import io.keysweep.failure.OperatorException;
import io.keysweep.redis.RedisConnector;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.stereotype.Component;

/**
 * What the job repository knows about a job's executions, as resume, run and stop need
 * it.
 */
@Component
public class ExecutionHistory {

	private final JobRepository jobRepository;

	private final TargetRuns targetRuns;

	private final RedisConnector redis;

	ExecutionHistory(JobRepository jobRepository, TargetRuns targetRuns, RedisConnector redis) {
		this.jobRepository = jobRepository;
		this.targetRuns = targetRuns;
		this.redis = redis;
	}

	/**
	 * The job's most recent execution (of its most recent run) on the Redis this process
	 * is given; empty when the job never swept it with this job repository. Another
	 * Redis's runs are not this one's: neither resumed nor refused over; nor are the runs
	 * a fleet made of single masters of a cluster.
	 */
	public Optional<JobExecution> latest(String job) {
		return latest(job, null);
	}

	/**
	 * The job's most recent execution on this Redis of the one master of a cluster that
	 * owns these slots (a fleet's part); for null slots, of the whole Redis.
	 */
	public Optional<JobExecution> latest(String job, String masterSlots) {
		return targetRuns.newestFirst(job, redis.target(), masterSlots)
			.findFirst()
			.map(jobRepository::getLastJobExecution);
	}

	/** The job's most recent execution on the named Redis target. */
	public Optional<JobExecution> latestOn(String job, String target) {
		return targetRuns.newestFirst(job, target).findFirst().map(jobRepository::getLastJobExecution);
	}

	/**
	 * The job's latest execution on this Redis (of the one master of these slots, or of
	 * the whole Redis for null slots) when it is a completed sweep (not a dry run) that
	 * ended within the window; empty for a null window. A master is done, too, when the
	 * latest run of the whole cluster started within the window and is.
	 */
	public Optional<JobExecution> completedWithin(String job, String masterSlots, Duration window) {
		if (window == null) {
			return Optional.empty();
		}
		LocalDateTime since = LocalDateTime.now().minus(window);
		Stream<JobInstance> ofWhole = masterSlots == null ? Stream.empty()
				: targetRuns.newestFirstSince(job, redis.target(), null, since).limit(1);
		return Stream.concat(targetRuns.newestFirst(job, redis.target(), masterSlots).limit(1), ofWhole)
			.map(jobRepository::getLastJobExecution)
			.filter(execution -> execution.getStatus() == BatchStatus.COMPLETED && execution.getEndTime() != null
					&& execution.getEndTime().isAfter(since)
					&& !SweepParameters.from(execution.getJobParameters()).dryRun())
			.findFirst();
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
