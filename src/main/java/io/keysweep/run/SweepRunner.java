package io.keysweep.run;

import io.keysweep.job.JobDefinition;
import io.keysweep.job.SweepJobFactory;
import io.keysweep.job.SweepParameters;
import io.keysweep.redis.RedisConnector;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.StepListener;
import org.springframework.stereotype.Component;

/** Starts sweeps: checks Redis first, so a run that cannot work leaves no trace in Redis or the job repository. */
@Component
public class SweepRunner {

    private final JobOperator jobOperator;
    private final SweepJobFactory jobFactory;
    private final RedisConnector redis;

    SweepRunner(JobOperator jobOperator, SweepJobFactory jobFactory, RedisConnector redis) {
        this.jobOperator = jobOperator;
        this.jobFactory = jobFactory;
        this.redis = redis;
    }

    /**
     * Runs a new sweep to its end.
     *
     * @param limit keys to read at the most; 0 to take the definition's
     * @param listeners extra step listeners, e.g. to show progress
     * @throws io.keysweep.redis.RedisAccessException when Redis cannot be reached or refuses the credentials
     */
    public JobExecution run(JobDefinition definition, boolean dryRun, long limit, StepListener... listeners)
            throws Exception {
        redis.probe();
        SweepParameters parameters = SweepParameters.newRun(definition, dryRun, limit, redis.endpoint().toString());
        return jobOperator.start(jobFactory.create(definition, parameters, listeners), parameters.toJobParameters());
    }
}
