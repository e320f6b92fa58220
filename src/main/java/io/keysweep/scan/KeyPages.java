package io.keysweep.scan;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.keysweep.classify.Classifier;
import io.keysweep.classify.KeyFacts;
import io.keysweep.redis.RedisConnector;
import io.keysweep.throttle.CommandBudget;
import io.keysweep.throttle.CommandTiming;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Pages of a keyspace: SCAN (never KEYS), each call's COUNT sized to the
 * {@link CommandBudget}, each page enriched with what the classifier needs in one
 * pipeline of short commands.
 */
final class KeyPages implements PageSource<KeyFacts> {

	private final RedisConnector redis;

	private final String match;

	private final CommandBudget budget;

	private final CommandTiming timing;

	private final byte[] type;

	private final PageEnricher enricher;

	/**
	 * @param match the SCAN MATCH glob
	 * @param budget sizes each SCAN's COUNT
	 * @param type the SCAN TYPE filter, or null
	 * @param memorySamples keys measured with MEMORY USAGE per execution at the most
	 */
	KeyPages(RedisConnector redis, String match, CommandBudget budget, String type, Classifier classifier,
			int memorySamples) {
		this.redis = redis;
		this.match = match;
		this.budget = budget;
		this.timing = new CommandTiming(budget, "scan");
		this.type = type == null ? null : type.getBytes(StandardCharsets.US_ASCII);
		this.enricher = new PageEnricher(classifier, type, memorySamples);
	}

	@Override
	public byte[] keyOf(KeyFacts item) {
		return item.key();
	}

	@Override
	public CommandBudget budget() {
		return budget;
	}

	@Override
	public ScanResult<byte[]> scan(Jedis jedis, String cursor, int count) {
		byte[] at = cursor.getBytes(StandardCharsets.US_ASCII);
		ScanParams params = new ScanParams().match(match).count(count);
		return timing.call(jedis, count, () -> type == null ? jedis.scan(at, params) : jedis.scan(at, params, type));
	}

	@Override
	public List<KeyFacts> lookUp(Jedis jedis, List<byte[]> keys) {
		return enricher.enrich(redis, jedis, keys);
	}

}
