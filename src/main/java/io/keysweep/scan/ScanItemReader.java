package io.keysweep.scan;

import io.keysweep.classify.Classifier;
import io.keysweep.classify.KeyFacts;
import io.keysweep.redis.RedisConnector;
import io.keysweep.throttle.CommandBudget;
import io.keysweep.throttle.KeyRate;
import io.keysweep.throttle.LatencyGuard;

/**
 * Reads a keyspace with SCAN (never KEYS), each page enriched with what the classifier
 * needs in one pipeline ({@link KeyPages}). Keys stay bytes throughout. Restartable from
 * the page it was in: see {@link CursorPageReader}.
 */
public class ScanItemReader extends CursorPageReader<KeyFacts> {

	/**
	 * Pages read from Redis at most beyond the one the step reads, and not handed out if
	 * the step ends first.
	 */
	public static final int PAGES_AHEAD = PagesAhead.MOST_AHEAD;

	/**
	 * @param match the SCAN MATCH glob
	 * @param budget sizes each SCAN's COUNT
	 * @param type the SCAN TYPE filter, or null
	 * @param limit stop after this many keys (across restarts); 0 for no limit
	 * @param rate keys per second at the most
	 */
	public ScanItemReader(RedisConnector redis, String match, CommandBudget budget, String type, Classifier classifier,
			long limit, KeyRate rate, LatencyGuard latency) {
		this(redis, match, budget, type, classifier, limit, rate, latency, PageEnricher.MEMORY_SAMPLES_PER_RUN);
	}

	/**
	 * @param memorySamples keys measured with MEMORY USAGE per execution at the most, a
	 * few of each page: an audit measures more than a sweep
	 */
	public ScanItemReader(RedisConnector redis, String match, CommandBudget budget, String type, Classifier classifier,
			long limit, KeyRate rate, LatencyGuard latency, int memorySamples) {
		super(redis, new KeyPages(redis, match, budget, type, classifier, memorySamples), limit, rate, latency);
	}

}
