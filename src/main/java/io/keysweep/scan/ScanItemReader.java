package io.keysweep.scan;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.keysweep.classify.Classifier;
import io.keysweep.classify.KeyFacts;
import io.keysweep.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads a keyspace with SCAN (never KEYS), one page at a time, each page enriched in one pipeline. Keys stay
 * bytes throughout.
 *
 * <p>Restart state, saved at every chunk commit: the cursor of the page being read and the position in it
 * ({@value #CURSOR}, {@value #PAGE_OFFSET}), whether the scan is done ({@value #DONE}), and the run_id of the
 * server ({@value #REDIS_RUN_ID}). A restart re-reads at most that one page. A cursor is only meaningful to the
 * server instance that issued it: when the run_id changed, the scan starts again from cursor 0, which is safe
 * because every action a sweep takes is idempotent.
 */
public class ScanItemReader implements ItemStreamReader<KeyFacts> {

    public static final String CURSOR = "scan.cursor";
    public static final String PAGE_OFFSET = "scan.page-offset";
    public static final String DONE = "scan.done";
    public static final String REDIS_RUN_ID = "scan.redis-run-id";
    /** Keys handed to the step, across restarts: what {@code limit} counts. */
    public static final String KEYS_READ = "scan.keys-read";
    /** Keys fetched from Redis, across restarts, including those of a page re-read after a restart. */
    public static final String KEYS_FETCHED = "scan.keys-fetched";
    public static final String PAGES_FETCHED = "scan.pages-fetched";

    private static final Logger log = LoggerFactory.getLogger(ScanItemReader.class);
    private static final String START = "0";

    private final RedisConnector redis;
    private final ScanParams params;
    private final byte[] type;
    private final PageEnricher enricher;
    private final long limit;

    private Jedis jedis;
    private String runId;
    private String pageCursor = START;
    private String nextCursor;
    private List<KeyFacts> page;
    private int offset;
    private boolean done;
    private long keysRead;
    private long keysFetched;
    private long pagesFetched;

    /**
     * @param match the SCAN MATCH glob
     * @param count the SCAN COUNT hint
     * @param type  the SCAN TYPE filter, or null
     * @param limit stop after this many keys (across restarts); 0 for no limit
     */
    public ScanItemReader(RedisConnector redis, String match, int count, String type, Classifier classifier,
                          long limit) {
        this.redis = redis;
        this.params = new ScanParams().match(match).count(count);
        this.type = type == null ? null : type.getBytes(StandardCharsets.US_ASCII);
        this.enricher = new PageEnricher(classifier);
        this.limit = limit;
    }

    @Override
    public void open(ExecutionContext context) {
        jedis = redis.connect();
        runId = redis.facts(jedis).runId();
        keysRead = context.getLong(KEYS_READ, 0);
        keysFetched = context.getLong(KEYS_FETCHED, 0);
        pagesFetched = context.getLong(PAGES_FETCHED, 0);
        if (!context.containsKey(CURSOR)) {
            return;
        }
        String savedRunId = context.getString(REDIS_RUN_ID, "");
        if (!savedRunId.equals(runId)) {
            log.warn("Redis at {} restarted since the last checkpoint (run_id changed): its SCAN cursor is void, "
                    + "rescanning from cursor 0", redis.endpoint());
            return;
        }
        pageCursor = context.getString(CURSOR);
        offset = context.getInt(PAGE_OFFSET);
        done = context.getString(DONE, "false").equals("true");
    }

    @Override
    public KeyFacts read() {
        if (limit > 0 && keysRead >= limit) {
            return null;
        }
        while (true) {
            if (page == null) {
                if (done) {
                    return null;
                }
                fetch(pageCursor);
            }
            if (offset < page.size()) {
                keysRead++;
                return page.get(offset++);
            }
            if (START.equals(nextCursor)) {
                done = true;
                return null;
            }
            pageCursor = nextCursor;
            page = null;
            offset = 0;
        }
    }

    private void fetch(String cursor) {
        try {
            ScanResult<byte[]> result = type == null
                    ? jedis.scan(cursor.getBytes(StandardCharsets.US_ASCII), params)
                    : jedis.scan(cursor.getBytes(StandardCharsets.US_ASCII), params, type);
            page = enricher.enrich(jedis, result.getResult());
            nextCursor = result.getCursor();
        } catch (RuntimeException e) {
            throw redis.describe(e);
        }
        keysFetched += page.size();
        pagesFetched++;
    }

    @Override
    public void update(ExecutionContext context) {
        boolean pageConsumed = page != null && offset >= page.size();
        if (pageConsumed) {
            // checkpoint at the next page, so a restart re-reads nothing
            context.putString(CURSOR, nextCursor);
            context.putInt(PAGE_OFFSET, 0);
            context.putString(DONE, String.valueOf(done || START.equals(nextCursor)));
        } else {
            context.putString(CURSOR, pageCursor);
            context.putInt(PAGE_OFFSET, offset);
            context.putString(DONE, String.valueOf(done));
        }
        context.putString(REDIS_RUN_ID, runId);
        context.putLong(KEYS_READ, keysRead);
        context.putLong(KEYS_FETCHED, keysFetched);
        context.putLong(PAGES_FETCHED, pagesFetched);
    }

    @Override
    public void close() {
        if (jedis != null) {
            jedis.close();
            jedis = null;
        }
    }
}
