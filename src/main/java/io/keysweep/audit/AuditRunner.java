package io.keysweep.audit;

import java.util.Comparator;
import java.util.Optional;

import io.keysweep.batch.AuditJobFactory;
import io.keysweep.batch.SweepParameters;
import io.keysweep.census.Census;
import io.keysweep.definition.JobDefinition;
import io.keysweep.failure.OperatorException;
import io.keysweep.redis.RedisConnector;
import io.keysweep.run.ExecutionHistory;
import io.keysweep.run.SweepRequest;
import io.keysweep.run.SweepResult;
import io.keysweep.run.SweepRunner;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * Runs an audit through the sweeps' runner (the same lock, checkpoints, stop and resume),
 * always as a dry run: an audit writes nothing to Redis but its lock. An unfinished audit
 * of the same match is continued, so an interrupted census is finished rather than
 * started over. Judges what any audit found against the previous one.
 */
@Component
public class AuditRunner {

	/** Audits looked through for the previous one of the same Redis and match. */
	private static final int PREVIOUS_AUDITS = 100;

	private final SweepRunner runner;

	private final ExecutionHistory history;

	private final JobRepository jobRepository;

	private final RedisConnector redis;

	AuditRunner(SweepRunner runner, ExecutionHistory history, JobRepository jobRepository, RedisConnector redis) {
		this.runner = runner;
		this.history = history;
		this.jobRepository = jobRepository;
		this.redis = redis;
	}

	/**
	 * Runs the {@code audit} command's audit: an unfinished one of the same match is
	 * continued, one of another match refuses unless the request restarts from scratch.
	 */
	public AuditResult audit(SweepRequest request) throws Exception {
		JobDefinition definition = request.definition();
		Optional<JobExecution> unfinished = history.latest(definition.name()).filter(ExecutionHistory::isUnfinished);
		SweepResult result;
		if (unfinished.isPresent() && !request.restartFromScratch()) {
			String was = SweepParameters.from(unfinished.get().getJobParameters()).definition().get("match");
			String match = definition.scan().match();
			if (!match.equals(was)) {
				throw new OperatorException("the unfinished audit " + unfinished.get().getId() + " counts --match "
						+ was + ": finish it with 'keysweep audit --match " + was
						+ "', or give --restart-from-scratch to abandon it");
			}
			result = runner.resume(unfinished.get(), request);
		}
		else {
			result = runner.run(request);
		}
		return resultOf(result, definition.audit());
	}

	/**
	 * What a run of an audit found (the {@code audit} command's, or a job's of
	 * {@code kind: audit}), beside the previous completed audit of the same job, Redis
	 * and match.
	 */
	public AuditResult resultOf(SweepResult result, JobDefinition.Audit audit) {
		JobExecution execution = history.get(result.execution().getId());
		Census census = AuditJobFactory.censusOf(execution);
		Optional<JobExecution> previous = previousAudit(execution);
		return AuditResult.of(result, census, previous.map(JobExecution::getId).orElse(null),
				previous.map(AuditJobFactory::censusOf).orElse(null),
				new LeakThresholds(audit.growthOver(), audit.shareOver()));
	}

	/**
	 * The latest completed audit before this one, of the same Redis and the same match:
	 * the one its growth is measured from.
	 */
	private Optional<JobExecution> previousAudit(JobExecution current) {
		SweepParameters now = SweepParameters.from(current.getJobParameters());
		return jobRepository.getJobInstances(current.getJobInstance().getJobName(), 0, PREVIOUS_AUDITS)
			.stream()
			.filter(instance -> instance.getId() != current.getJobInstance().getId())
			.map(this::completed)
			.flatMap(Optional::stream)
			.filter(e -> e.getId() < current.getId())
			.filter(e -> {
				SweepParameters then = SweepParameters.from(e.getJobParameters());
				return now.redisEndpoint().equals(then.redisEndpoint())
						&& now.definition().get("match").equals(then.definition().get("match"));
			})
			.max(Comparator.comparingLong(JobExecution::getId))
			.map(e -> history.get(e.getId()));
	}

	private Optional<JobExecution> completed(JobInstance instance) {
		return jobRepository.getJobExecutions(instance)
			.stream()
			.filter(e -> e.getStatus() == BatchStatus.COMPLETED)
			.findFirst();
	}

	/** The Redis audited, as the job parameters record it. */
	public String endpoint() {
		return redis.endpoint().toString();
	}

}
