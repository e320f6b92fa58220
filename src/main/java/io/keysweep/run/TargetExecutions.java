package io.keysweep.run;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.stream.Stream;

import io.keysweep.batch.SweepParameters;
import io.keysweep.batch.TargetRuns;
import io.keysweep.redis.RedisConnector;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * A job's executions on the Redis this process is given, as run, resume, audit and the
 * schedule need them. Apart from {@link ExecutionHistory} so that the commands that only
 * read the job repository ({@code jobs}, {@code report}) need no Redis endpoint.
 */
@Component
public class TargetExecutions {

	private final JobRepository jobRepository;

	private final TargetRuns targetRuns;

	private final RedisConnector redis;

	TargetExecutions(JobRepository jobRepository, TargetRuns targetRuns, RedisConnector redis) {
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

}
