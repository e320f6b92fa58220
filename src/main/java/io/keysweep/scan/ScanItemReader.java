package io.keysweep.scan;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.keysweep.classify.Classifier;
import io.keysweep.classify.KeyFacts;
import io.keysweep.redis.RedisConnector;
import io.keysweep.throttle.KeyRate;
import io.keysweep.throttle.LatencyGuard;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads a keyspace with SCAN (never KEYS), each page enriched with what the classifier needs in one pipeline.
 * Keys stay bytes throughout. Restartable from the page it was in: see {@link CursorPageReader}.
 */
public class ScanItemReader extends CursorPageReader<KeyFacts> {

    /** Pages read from Redis at most beyond the one the step reads, and not handed out if the step ends first. */
    public static final int PAGES_AHEAD = PagesAhead.MOST_AHEAD;

    private final ScanParams params;
    private final byte[] type;
    private final PageEnricher enricher;

    /**
     * @param match the SCAN MATCH glob
     * @param count the SCAN COUNT hint
     * @param type  the SCAN TYPE filter, or null
     * @param limit stop after this many keys (across restarts); 0 for no limit
     * @param rate  keys per second at the most
     */
    public ScanItemReader(RedisConnector redis, String match, int count, String type, Classifier classifier,
                          long limit, KeyRate rate, LatencyGuard latency) {
        super(redis, limit, rate, latency);
        this.params = new ScanParams().match(match).count(count);
        this.type = type == null ? null : type.getBytes(StandardCharsets.US_ASCII);
        this.enricher = new PageEnricher(classifier, type);
    }

    @Override
    byte[] keyOf(KeyFacts item) {
        return item.key();
    }

    @Override
    ScanResult<byte[]> scan(Jedis jedis, String cursor) {
        byte[] at = cursor.getBytes(StandardCharsets.US_ASCII);
        return type == null ? jedis.scan(at, params) : jedis.scan(at, params, type);
    }

    @Override
    List<KeyFacts> lookUp(Jedis jedis, List<byte[]> keys) {
        return enricher.enrich(redis, jedis, keys);
    }
}
