package io.keysweep.progress;

import java.time.Duration;
import java.util.Map;

import io.keysweep.batch.SweepParameters;
import io.keysweep.definition.JobDefinition;
import io.keysweep.redis.RedisConnector;
import io.keysweep.tally.SweepCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import redis.clients.jedis.Jedis;

/**
 * Reports a sweep's progress after each chunk: keys scanned, matching and expired, the
 * rate, and percent done with an ETA against an estimate of the keys the sweep will read.
 * Figures come from the step's ExecutionContext, so they count the chunks committed so
 * far, across restarts.
 */
public final class ProgressListener implements StepExecutionListener, ChunkListener<Object, Object> {

	private static final Logger log = LoggerFactory.getLogger(ProgressListener.class);

	private final RedisConnector redis;

	private final JobDefinition definition;

	private final ProgressDisplay display;

	private StepExecution step;

	private long startNanos;

	private long scannedAtStart;

	private Long expected;

	private ProgressListener(RedisConnector redis, JobDefinition definition, ProgressDisplay display) {
		this.redis = redis;
		this.definition = definition;
		this.display = display;
	}

	/** Log lines at most every {@code interval}. */
	public static ProgressListener logging(RedisConnector redis, JobDefinition definition, Duration interval) {
		return new ProgressListener(redis, definition, new ProgressLog(interval));
	}

	/**
	 * A progress bar: only for an interactive terminal, see
	 * {@link #interactiveTerminal(boolean, Map)}.
	 */
	public static ProgressListener bar(RedisConnector redis, JobDefinition definition) {
		return new ProgressListener(redis, definition, new ProgressBarDisplay());
	}

	/**
	 * Whether a person watches: a console, not a CI job, not a dumb terminal. Log lines
	 * otherwise, so that CI logs and log files never get a bar's redraws.
	 */
	public static boolean interactiveTerminal(boolean hasConsole, Map<String, String> env) {
		return hasConsole && env.get("CI") == null && !"dumb".equals(env.get("TERM"));
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		step = stepExecution;
		startNanos = System.nanoTime();
		scannedAtStart = SweepCounts.from(stepExecution.getExecutionContext()).total(SweepCounts.SCANNED);
		expected = estimate();
		display.start(definition.name(), expected);
	}

	private Long estimate() {
		try (Jedis jedis = redis.connect()) {
			Long keys = KeyspaceEstimate.expectedKeys(jedis, definition.scan().match(), definition.scan().type());
			long limit = SweepParameters.from(step.getJobParameters()).limit();
			return keys != null && limit > 0 ? Long.valueOf(Math.min(keys, limit)) : keys;
		}
		catch (RuntimeException e) {
			// progress is a courtesy: the sweep itself reports what is wrong with Redis
			log.debug("cannot estimate the keys to sweep", e);
			return null;
		}
	}

	@Override
	public void afterChunk(Chunk<Object> chunk) {
		display.update(progress());
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		display.finish(progress());
		return null;
	}

	private Progress progress() {
		SweepCounts counts = SweepCounts.from(step.getExecutionContext());
		long scanned = counts.total(SweepCounts.SCANNED);
		double seconds = (System.nanoTime() - startNanos) / 1e9;
		return new Progress(scanned, counts.total(SweepCounts.MATCHING),
				counts.total(SweepCounts.EXPIRED) + counts.total(SweepCounts.WOULD_EXPIRE),
				seconds > 0 ? (scanned - scannedAtStart) / seconds : 0, expected);
	}

}
