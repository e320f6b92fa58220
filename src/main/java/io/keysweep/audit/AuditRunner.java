package io.keysweep.audit;

import java.util.List;
import java.util.Optional;

import io.keysweep.batch.AuditJobFactory;
import io.keysweep.batch.SweepParameters;
import io.keysweep.census.Census;
import io.keysweep.census.DeadBatchSet;
import io.keysweep.definition.JobDefinition;
import io.keysweep.failure.OperatorException;
import io.keysweep.redis.RedisConnector;
import io.keysweep.run.ExecutionHistory;
import io.keysweep.run.SweepRequest;
import io.keysweep.run.SweepResult;
import io.keysweep.run.SweepRunner;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

/**
 * Runs an audit through the sweeps' runner (the same lock, checkpoints, stop and resume),
 * always as a dry run: an audit writes nothing to Redis but its lock. An unfinished audit
 * of the same match is continued, so an interrupted census is finished rather than
 * started over.
 */
@Component
public class AuditRunner {

	private final SweepRunner runner;

	private final AuditJobFactory factory;

	private final AuditHistory audits;

	private final ExecutionHistory history;

	private final RedisConnector redis;

	AuditRunner(SweepRunner runner, AuditJobFactory factory, AuditHistory audits, ExecutionHistory history,
			RedisConnector redis) {
		this.runner = runner;
		this.factory = factory;
		this.audits = audits;
		this.history = history;
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
			result = runner.resume(unfinished.get(), sweep, factory.measuring(request.options()));
		}
		else {
			result = runner.run(sweep, factory.measuring(request.options()));
		}
		// the dead-batch sets are read once the SCAN met them all, and only by an audit
		// that completed: a stopped one is continued by the next
		Census census = result.ending() == SweepResult.Ending.COMPLETED
				? AuditJobFactory.censusOf(history.get(result.execution().getId())) : null;
		return audits.record(result, request.thresholds(),
				census == null ? List.of() : DeadBatchSet.measure(redis, census));
	}

	/** The Redis audited, as the job parameters record it. */
	public String endpoint() {
		return redis.endpoint().toString();
	}

}
