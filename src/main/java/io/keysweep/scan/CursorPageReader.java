package io.keysweep.scan;

import java.util.Arrays;
import java.util.List;

import io.keysweep.redis.RedisConnector;
import io.keysweep.redis.RedisLink;
import io.keysweep.throttle.KeyRate;
import io.keysweep.throttle.LatencyGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads items a page at a time from a Redis cursor iteration (SCAN, SSCAN), restartably.
 *
 * <p>
 * Restart state, saved at every chunk commit as a {@link ScanCheckpoint}: the cursor of
 * the page being read, the position in it and the last item read from it, whether the
 * iteration is done, the run_id of the server that issued the cursor, and the COUNT the
 * page was fetched with. A restart re-reads at most that one page, at that COUNT, and
 * goes on after the last item it had read. The same cursor and COUNT can give a different
 * page once keys come and go (the sweep's own SREMs do that, and a rehash), so the item,
 * not the position, says where to go on. When the item is not in the page fetched again,
 * the page is fetched once more at the budget's largest COUNT, which starts with every
 * page a smaller COUNT gave at that cursor; when it is not there either, it is gone and
 * the page is read again whole, which is safe because every action keysweep takes is
 * idempotent. A cursor is only meaningful to the server process that issued it: when the
 * run_id changed, the iteration starts again from cursor 0.
 *
 * <p>
 * The pages come from a {@link PageSource} (SCAN with its lookups, SSCAN with its own),
 * which the reader and its prefetcher share; the reader itself is used by the step's
 * thread only, as Spring Batch uses a reader.
 *
 * <p>
 * While the step works on a page, the next one is already being fetched
 * ({@link PagesAhead}), so that the SCAN and lookups of one page and the classifying and
 * writing of the previous one overlap instead of taking turns. That page is only fetched,
 * never handed out, before the current one is done: the checkpoint still describes
 * exactly the items handed to the step. It is used only if the server that answered it is
 * the one that issued the cursor; otherwise the page is fetched again the ordinary way,
 * which starts over if it must.
 */
class CursorPageReader<T> implements ItemStreamReader<T> {

	private static final Logger log = LoggerFactory.getLogger(CursorPageReader.class);
	static final String START = "0";

	/**
	 * One page of an iteration, the cursor of the next, and the COUNT the page was
	 * fetched with.
	 */
	record Page<T>(List<T> items, String nextCursor, int count) {
	}

	private final RedisConnector redis;

	private final PageSource<T> source;

	private final long limit;

	private final KeyRate rate;

	private final LatencyGuard latency;

	private RedisLink link;

	private PagesAhead<T> ahead;

	/** The run_id of the server that issued the cursor; null before the first page. */
	private String runId;

	private String pageCursor = START;

	private String nextCursor;

	private List<T> page;

	/** The COUNT the page was fetched with. */
	private int pageCount;

	private int offset;

	/** After a restart: the item read last before it, to go on after. */
	private byte[] resumeAfter;

	/**
	 * After a restart: the COUNT to fetch the checkpoint's page with again, the budget's
	 * largest when the checkpoint does not say.
	 */
	private int resumeCount;

	private boolean done;

	private long keysRead;

	private long keysFetched;

	private long pagesFetched;

	/**
	 * @param source the cursor command and lookups of the pages
	 * @param limit stop after this many items (across restarts); 0 for no limit
	 * @param rate items per second at the most
	 * @param latency told how long each page's fetch took
	 */
	CursorPageReader(RedisConnector redis, PageSource<T> source, long limit, KeyRate rate, LatencyGuard latency) {
		this.redis = redis;
		this.source = source;
		this.limit = limit;
		this.rate = rate;
		this.latency = latency;
	}

	/**
	 * Waits until the rate lets this many items in, before their lookup: a key's facts
	 * are then at most a page old when its chunk is written, however low the rate,
	 * instead of waiting looked up while the rate holds the step back.
	 */
	void pace(int items) {
		rate.take(items);
	}

	@Override
	public void open(ExecutionContext context) {
		link = redis.link();
		ahead = new PagesAhead<>(redis, source, this::pace);
		ScanCheckpoint checkpoint = ScanCheckpoint.from(context);
		keysRead = checkpoint.keysRead();
		keysFetched = checkpoint.keysFetched();
		pagesFetched = checkpoint.pagesFetched();
		if (checkpoint.cursor() != null) {
			runId = checkpoint.redisRunId() == null ? "" : checkpoint.redisRunId();
			pageCursor = checkpoint.cursor();
			offset = checkpoint.pageOffset();
			done = checkpoint.done();
			resumeAfter = offset > 0 ? checkpoint.pageLastKey() : null;
			resumeCount = checkpoint.pageCount() > 0 ? checkpoint.pageCount() : source.budget().maxCount();
		}
		// find out now, not at the first read, whether the checkpoint's cursor still
		// means anything
		checkCursor();
	}

	/**
	 * Starts the iteration over when the server behind the link is not the one that
	 * issued the cursor: after a restart or a failover, between a checkpoint and a
	 * restart of the step or while the link reconnected.
	 */
	private void checkCursor() {
		String current = link.facts().runId();
		if (runId != null && !runId.equals(current) && !done) {
			log.warn(
					"Redis at {} is not the server process that issued the cursor (it restarted or failed over: "
							+ "run_id changed); the cursor is void there, starting again from cursor 0",
					redis.endpoint());
			pageCursor = START;
			offset = 0;
			resumeAfter = null;
		}
		runId = current;
	}

	@Override
	public T read() {
		if (limit > 0 && keysRead >= limit) {
			return null;
		}
		while (true) {
			if (page == null) {
				if (done) {
					return null;
				}
				load();
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

	private void load() {
		Page<T> fetched = fetchedAhead();
		if (fetched == null) {
			fetched = link.call(jedis -> {
				checkCursor();
				int count = resumeAfter == null ? source.budget().count() : resumeCount;
				ScanResult<byte[]> scanned = scan(jedis, count);
				int widest = source.budget().maxCount();
				if (resumeAfter != null && count < widest && !contains(scanned.getResult(), resumeAfter)) {
					log.debug("the checkpoint's last item is not in the page at cursor {} with COUNT {} any more: "
							+ "fetching it with COUNT {}", pageCursor, count, widest);
					count = widest;
					scanned = scan(jedis, count);
				}
				pace(scanned.getResult().size());
				long start = System.nanoTime();
				List<T> items = source.lookUp(jedis, scanned.getResult());
				latency.took(System.nanoTime() - start);
				return new Page<>(items, scanned.getCursor(), count);
			});
		}
		page = fetched.items();
		pageCount = fetched.count();
		nextCursor = fetched.nextCursor();
		keysFetched += page.size();
		pagesFetched++;
		if (resumeAfter != null) {
			offset = positionAfter(resumeAfter);
			resumeAfter = null;
		}
		// the page after this one, unless there is none or the limit will be reached
		// first
		if (!START.equals(nextCursor) && (limit == 0 || keysRead + page.size() - offset < limit)) {
			ahead.start(nextCursor);
		}
	}

	private ScanResult<byte[]> scan(Jedis jedis, int count) {
		long start = System.nanoTime();
		ScanResult<byte[]> scanned = source.scan(jedis, pageCursor, count);
		latency.took(System.nanoTime() - start);
		return scanned;
	}

	private static boolean contains(List<byte[]> keys, byte[] key) {
		return keys.stream().anyMatch(candidate -> Arrays.equals(candidate, key));
	}

	/**
	 * The page at the current cursor if it was fetched ahead from the server that issued
	 * the cursor, else null.
	 */
	private Page<T> fetchedAhead() {
		PagesAhead.Fetched<T> fetched = ahead.take();
		if (fetched == null || !fetched.cursor().equals(pageCursor) || !fetched.runId().equals(runId)) {
			return null;
		}
		latency.took(fetched.scanNanos());
		latency.took(fetched.lookupNanos());
		return fetched.page();
	}

	private int positionAfter(byte[] key) {
		for (int i = 0; i < page.size(); i++) {
			if (Arrays.equals(source.keyOf(page.get(i)), key)) {
				return i + 1;
			}
		}
		log.debug("the page at cursor {} changed since the checkpoint: reading it again whole", pageCursor);
		return 0;
	}

	@Override
	public void update(ExecutionContext context) {
		ScanCheckpoint checkpoint;
		if (page != null && offset >= page.size()) {
			// checkpoint at the next page, so a restart re-reads nothing
			checkpoint = new ScanCheckpoint(nextCursor, 0, null, 0, done || START.equals(nextCursor), runId, keysRead,
					keysFetched, pagesFetched);
		}
		else {
			checkpoint = new ScanCheckpoint(pageCursor, offset,
					page != null && offset > 0 ? source.keyOf(page.get(offset - 1)) : null,
					page != null ? pageCount : 0, done, runId, keysRead, keysFetched, pagesFetched);
		}
		checkpoint.writeTo(context);
	}

	@Override
	public void close() {
		if (ahead != null) {
			ahead.close();
			ahead = null;
		}
		if (link != null) {
			link.close();
			link = null;
		}
	}

}
