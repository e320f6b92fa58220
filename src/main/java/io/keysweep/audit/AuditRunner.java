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
import io.keysweep.run.TargetExecutions;
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

	private final AuditHistory audits;

	private final ExecutionHistory history;

	private final TargetExecutions onTarget;

	private final RedisConnector redis;

	AuditRunner(SweepRunner runner, AuditHistory audits, ExecutionHistory history, TargetExecutions onTarget,
			RedisConnector redis) {
		this.runner = runner;
		this.audits = audits;
		this.history = history;
		this.onTarget = onTarget;
		this.redis = redis;
	}

	/**
	 * Runs the {@code audit} command's audit: an unfinished one of the same match is
	 * continued, one of another match refuses unless the request restarts from scratch.
	 */
	public AuditResult audit(SweepRequest request) throws Exception {
		JobDefinition definition = request.definition();
		Optional<JobExecution> unfinished = onTarget.latest(definition.name()).filter(ExecutionHistory::isUnfinished);
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
	 * {@code kind: audit}), judged by its thresholds against the previous completed audit
	 * of the same job, Redis and match, and recorded in the job repository.
	 */
	public AuditResult resultOf(SweepResult result, JobDefinition.Audit audit) {
		// the dead-batch sets are read once the SCAN met them all, and only by an audit
		// that completed: a stopped one is continued by the next
		Census census = result.ending() == SweepResult.Ending.COMPLETED
				? AuditJobFactory.censusOf(history.get(result.execution().getId())) : null;
		return audits.record(result, new LeakThresholds(audit.growthOver(), audit.shareOver()),
				census == null ? List.of() : DeadBatchSet.measure(redis, census));
	}

}
