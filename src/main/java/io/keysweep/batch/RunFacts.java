package io.keysweep.batch;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.keysweep.redis.RedisConnector;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Records in the step's ExecutionContext what reports need and Spring Batch does not keep
 * in a readable form: the version of the Redis server the execution swept (the reader
 * records its run_id), the rate it was held to (not a job parameter: a resume may hold
 * the rest of a run to another rate), and one line per error when the step failed (Spring
 * Batch keeps only a truncated stack trace). The context keys are this listener's own:
 * read them through {@link Recorded}.
 */
public final class RunFacts implements StepExecutionListener {

	/** The {@code redis_version} of the server, at the start of the execution. */
	private static final String REDIS_VERSION = "redis.version";

	/** The keys per second the execution was held to; absent when it had no limit. */
	private static final String RATE_LIMIT = "run.rate-limit";

	/** The errors of a failed execution, one per line. */
	private static final String ERRORS = "run.errors";

	/**
	 * What the listener recorded about one step execution.
	 *
	 * @param redisVersion the {@code redis_version} of the server at the start of the
	 * execution, or null
	 * @param rateLimit the keys per second the execution was held to, or null for no
	 * limit
	 * @param errors the errors of a failed execution, one line each; empty when none was
	 * recorded
	 */
	public record Recorded(String redisVersion, Long rateLimit, List<String> errors) {

		public static Recorded from(ExecutionContext context) {
			String errors = context.getString(ERRORS, "");
			return new Recorded(context.getString(REDIS_VERSION, null),
					context.containsKey(RATE_LIMIT) ? context.getLong(RATE_LIMIT) : null,
					errors.isEmpty() ? List.of() : Arrays.asList(errors.split("\n")));
		}

		/**
		 * The context of the step that says where a run went: its first sweep step, else
		 * the dead-set step when a resume ran only that; an empty one when no step began.
		 * A cluster's partitioned step records nothing itself: its partitions do.
		 */
		public static ExecutionContext ofRun(JobExecution execution) {
			return execution.getStepExecutions()
				.stream()
				.filter(s -> s.getExecutionContext().containsKey(REDIS_VERSION))
				.min(Comparator.comparing(s -> !s.getStepName().startsWith(SweepJobFactory.STEP)))
				.map(StepExecution::getExecutionContext)
				.orElseGet(ExecutionContext::new);
		}
	}

	private final RedisConnector redis;

	private final long rate;

	/**
	 * @param rate keys per second the sweep is held to, 0 for no limit
	 */
	RunFacts(RedisConnector redis, long rate) {
		this.redis = redis;
		this.rate = rate;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		ExecutionContext context = stepExecution.getExecutionContext();
		// a restarted step starts from the context of the execution it continues: replace
		// what that one recorded
		context.remove(ERRORS);
		context.remove(RATE_LIMIT);
		if (rate > 0) {
			context.putLong(RATE_LIMIT, rate);
		}
		context.putString(REDIS_VERSION, redis.probe().version());
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

	/**
	 * The message of the outermost keysweep exception in the chain (it says what went
	 * wrong), else the root's.
	 */
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
