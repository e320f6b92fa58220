package io.keysweep.batch;

import java.util.LinkedHashSet;
import java.util.Set;

import io.keysweep.redis.RedisConnector;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Records in the step's ExecutionContext what reports need and Spring Batch does not keep in a readable form:
 * the version of the Redis server the execution swept (the reader records its run_id), the rate it was held to
 * (not a job parameter: a resume may hold the rest of a run to another rate), and one line per error when the
 * step failed (Spring Batch keeps only a truncated stack trace).
 */
public final class RunFacts implements StepExecutionListener {

    /** The {@code redis_version} of the server, at the start of the execution. */
    public static final String REDIS_VERSION = "redis.version";
    /** The keys per second the execution was held to; absent when it had no limit. */
    public static final String RATE_LIMIT = "run.rate-limit";
    /** The errors of a failed execution, one per line. */
    public static final String ERRORS = "run.errors";

    private final RedisConnector redis;
    private final long rate;

    /** @param rate keys per second the sweep is held to, 0 for no limit */
    RunFacts(RedisConnector redis, long rate) {
        this.redis = redis;
        this.rate = rate;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        ExecutionContext context = stepExecution.getExecutionContext();
        // a restarted step starts from the context of the execution it continues: replace what that one recorded
        context.remove(ERRORS);
        context.remove(RATE_LIMIT);
        if (rate > 0) {
            context.putLong(RATE_LIMIT, rate);
        }
        context.putString(REDIS_VERSION, redis.probe().version());
    }

    /** The keys per second an execution was held to, from a step context this listener wrote; null for none. */
    public static Long rateLimit(ExecutionContext context) {
        return context.containsKey(RATE_LIMIT) ? context.getLong(RATE_LIMIT) : null;
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (stepExecution.getStatus() != BatchStatus.COMPLETED && !stepExecution.getFailureExceptions().isEmpty()) {
            Set<String> lines = new LinkedHashSet<>();
            stepExecution.getFailureExceptions().forEach(e -> lines.add(oneLine(e)));
            stepExecution.getExecutionContext().putString(ERRORS, String.join("\n", lines));
        }
        return null;
    }

    /** The message of the outermost keysweep exception in the chain (it says what went wrong), else the root's. */
    private static String oneLine(Throwable e) {
        Throwable chosen = null;
        Throwable root = e;
        for (Throwable t = e; t != null && chosen == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().startsWith("io.keysweep.")) {
                chosen = t;
            }
            root = t;
        }
        Throwable said = chosen == null ? root : chosen;
        String message = said.getMessage() == null ? said.getClass().getSimpleName() : said.getMessage();
        return message.replace('\n', ' ');
    }
}
