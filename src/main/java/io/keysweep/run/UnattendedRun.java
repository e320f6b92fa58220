package io.keysweep.run;

import java.util.Optional;

import io.keysweep.definition.JobDefinition;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepListener;
import org.springframework.stereotype.Component;

/**
 * A job's turn when nobody is at the keyboard ({@code run --all}, the daemon): an interrupted night is finished
 * rather than started over, so its unfinished execution is resumed first, unless the definition says
 * {@code resume: never}, which abandons it and starts a new run.
 */
@Component
public class UnattendedRun {

    private final SweepRunner runner;
    private final ExecutionHistory history;

    UnattendedRun(SweepRunner runner, ExecutionHistory history) {
        this.runner = runner;
        this.history = history;
    }

    /** @param resumedFrom the execution this one continued, or null for a new run */
    public record Result(JobExecution execution, Long resumedFrom) {
    }

    /**
     * Runs the job to its end, or until it is stopped; throws what {@link SweepRunner#run} and
     * {@link SweepRunner#resume} throw.
     */
    public Result run(JobDefinition definition, StopRequest stop, StepListener... listeners) throws Exception {
        Optional<JobExecution> unfinished = history.latest(definition.name()).filter(ExecutionHistory::isUnfinished);
        if (unfinished.isPresent() && definition.resumeFirst()) {
            return new Result(runner.resume(unfinished.get(), definition, false, stop, listeners),
                    unfinished.get().getId());
        }
        return new Result(runner.run(definition, false, 0, !definition.resumeFirst(), stop, listeners), null);
    }
}
