package io.keysweep.scan;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.keysweep.classify.Classifier;
import io.keysweep.classify.KeyFacts;
import io.keysweep.redis.RedisConnector;
import io.keysweep.redis.RedisLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads a keyspace with SCAN (never KEYS), one page at a time, each page enriched in one pipeline. Keys stay
 * bytes throughout.
 *
 * <p>Restart state, saved at every chunk commit: the cursor of the page being read and the position in it
 * ({@value #CURSOR}, {@value #PAGE_OFFSET}), whether the scan is done ({@value #DONE}), and the run_id of the
 * server ({@value #REDIS_RUN_ID}). A restart re-reads at most that one page. A cursor is only meaningful to the
 * server instance that issued it: when the run_id changed, between a checkpoint and a restart or while the link
 * reconnected mid-run, the scan starts again from cursor 0, which is safe because every action a sweep takes is
 * idempotent.
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

    private RedisLink link;
    /** The run_id of the server that issued the cursor; null before the first page. */
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
        link = redis.link();
        keysRead = context.getLong(KEYS_READ, 0);
        keysFetched = context.getLong(KEYS_FETCHED, 0);
        pagesFetched = context.getLong(PAGES_FETCHED, 0);
        if (context.containsKey(CURSOR)) {
            runId = context.getString(REDIS_RUN_ID, "");
            pageCursor = context.getString(CURSOR);
            offset = context.getInt(PAGE_OFFSET);
            done = context.getString(DONE, "false").equals("true");
        }
        // find out now, not at the first read, whether the checkpoint's cursor still means anything
        checkCursor();
    }

    /** Starts the scan over when the server behind the link is not the one that issued the cursor. */
    private void checkCursor() {
        String current = link.facts().runId();
        if (runId != null && !runId.equals(current) && !done) {
            log.warn("Redis at {} restarted since the cursor was issued (run_id changed): the SCAN cursor is void, "
                    + "rescanning from cursor 0", redis.endpoint());
            pageCursor = START;
            offset = 0;
        }
        runId = current;
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
                fetch();
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

    private void fetch() {
        Page fetched = link.call(jedis -> {
            checkCursor();
            byte[] at = pageCursor.getBytes(StandardCharsets.US_ASCII);
            ScanResult<byte[]> result = type == null ? jedis.scan(at, params) : jedis.scan(at, params, type);
            return new Page(enricher.enrich(jedis, result.getResult()), result.getCursor());
        });
        page = fetched.facts();
        nextCursor = fetched.nextCursor();
        keysFetched += page.size();
        pagesFetched++;
    }

    private record Page(List<KeyFacts> facts, String nextCursor) {
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
        if (link != null) {
            link.close();
            link = null;
        }
    }
}
