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
 * started over.
 */
@Component
public class AuditRunner {

	/** Audits looked through for the previous one of the same Redis and match. */
	private static final int PREVIOUS_AUDITS = 100;

	private final SweepRunner runner;

	private final AuditJobFactory audits;

	private final ExecutionHistory history;

	private final JobRepository jobRepository;

	private final RedisConnector redis;

	AuditRunner(SweepRunner runner, AuditJobFactory audits, ExecutionHistory history, JobRepository jobRepository,
			RedisConnector redis) {
		this.runner = runner;
		this.audits = audits;
		this.history = history;
		this.jobRepository = jobRepository;
		this.redis = redis;
	}

	public AuditResult audit(AuditRequest request) throws Exception {
		JobDefinition definition = AuditDefinition.of(request.match(), request.maxLatency());
		SweepRequest sweep = SweepRequest.of(definition, request.stop(), request.listeners())
			.withRate(request.rate())
			.withDryRun(true)
			.withRestartFromScratch(request.restartFromScratch());
		Optional<JobExecution> unfinished = history.latest(AuditDefinition.JOB).filter(ExecutionHistory::isUnfinished);
		SweepResult result;
		if (unfinished.isPresent() && !request.restartFromScratch()) {
			String was = SweepParameters.from(unfinished.get().getJobParameters()).definition().get("match");
			if (!request.match().equals(was)) {
				throw new OperatorException("the unfinished audit " + unfinished.get().getId() + " counts --match "
						+ was + ": finish it with 'keysweep audit --match " + was
						+ "', or give --restart-from-scratch to abandon it");
			}
			result = runner.resume(unfinished.get(), sweep, audits.measuring(request.options()));
		}
		else {
			result = runner.run(sweep, audits.measuring(request.options()));
		}
		JobExecution execution = history.get(result.execution().getId());
		Census census = AuditJobFactory.censusOf(execution);
		Optional<JobExecution> previous = previousAudit(execution);
		return AuditResult.of(result, census, previous.map(JobExecution::getId).orElse(null),
				previous.map(AuditJobFactory::censusOf).orElse(null), request.thresholds());
	}

	/**
	 * The latest completed audit before this one, of the same Redis and the same match:
	 * the one its growth is measured from.
	 */
	private Optional<JobExecution> previousAudit(JobExecution current) {
		SweepParameters now = SweepParameters.from(current.getJobParameters());
		return jobRepository.getJobInstances(AuditDefinition.JOB, 0, PREVIOUS_AUDITS)
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
