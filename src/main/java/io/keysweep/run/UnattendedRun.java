package io.keysweep.run;

import java.util.Optional;

import io.keysweep.definition.JobDefinition;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.stereotype.Component;

/**
 * A job's turn when nobody is at the keyboard ({@code run --all}, the daemon): an
 * interrupted night is finished rather than started over, so its unfinished execution is
 * resumed first, unless the definition says {@code resume: never}, which abandons it and
 * starts a new run.
 */
@Component
public class UnattendedRun {

	private final SweepRunner runner;

	private final TargetExecutions history;

	UnattendedRun(SweepRunner runner, TargetExecutions history) {
		this.runner = runner;
		this.history = history;
	}

	/**
	 * Runs the request's job to its end, or until it is stopped; throws what
	 * {@link SweepRunner#run} and {@link SweepRunner#resume} throw.
	 */
	public SweepResult run(SweepRequest request) throws Exception {
		JobDefinition definition = request.definition();
		Optional<JobExecution> unfinished = history.latest(definition.name(), request.masterSlots())
			.filter(ExecutionHistory::isUnfinished);
		if (unfinished.isPresent() && definition.resumeFirst()) {
			return runner.resume(unfinished.get(), request);
		}
		return runner.run(request.withRestartFromScratch(!definition.resumeFirst()));
	}

}
