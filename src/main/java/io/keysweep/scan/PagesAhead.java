package io.keysweep.scan;

import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.keysweep.redis.RedisConnector;
import io.keysweep.redis.RedisLink;
import redis.clients.jedis.resps.ScanResult;

/**
 * Fetches pages before the step asks for them, on two connections and two threads of its
 * own: one runs the cursor command page after page, the other looks each page up as soon
 * as its keys are known. Together with the step's writes on a third connection, Redis,
 * which runs one command at a time, always has the next request waiting instead of idling
 * while keysweep decodes an answer or encodes the next request.
 *
 * <p>
 * Each thread hands its pages on through a queue of one: while the step reads a page, the
 * next one waits looked up, the lookup thread may hold one more, the one after waits
 * scanned, and the scanning thread may hold one more. So at most {@value #MOST_AHEAD}
 * pages are read from Redis beyond the one the step reads, and memory stays a few pages
 * whatever the size of the keyspace.
 *
 * <p>
 * The threads are stopped by a flag, not interrupted: a cluster pipeline interrupted
 * while it waits for its nodes' answers returns its pooled connections with answers still
 * unread, and the next command on one of them reads the wrong answer or times out. Only a
 * round trip still under way after a long wait, retrying against a Redis that is away, is
 * interrupted, to cut its retries short.
 */
final class PagesAhead<T> implements AutoCloseable {

	static final int MOST_AHEAD = 4;

	private static final Duration STOP_WAIT = Duration.ofSeconds(30);

	/**
	 * How often a thread waiting to hand a page on, or for one, looks whether it was
	 * stopped.
	 */
	private static final long STOP_CHECK_MILLIS = 50;

	/**
	 * A page fetched ahead: from which cursor, from which server, and how long its round
	 * trips took.
	 */
	record Fetched<T>(String cursor, String runId, CursorPageReader.Page<T> page, long scanNanos, long lookupNanos) {
	}

	/**
	 * The cursor command's answer for one cursor at this COUNT, from the server with this
	 * run_id.
	 */
	private record Scanned(String cursor, int count, String runId, ScanResult<byte[]> result, long nanos) {
	}

	/** What a thread hands on: a page, or the failure that ended the run of pages. */
	private record Handed<P>(P page, RuntimeException failure) {
	}

	private final PageSource<T> source;

	private final RedisLink scanLink;

	private final RedisLink lookupLink;

	private final Duration stopWait;

	/**
	 * Waits for the rate to let a page's items in, before their lookup (the reader's
	 * {@code pace}).
	 */
	private final IntConsumer pace;

	private ExecutorService threads;

	/** Cleared to stop the threads of the current start. */
	private AtomicBoolean running;

	private BlockingQueue<Handed<Fetched<T>>> fetched;

	/**
	 * The cursor of the page the threads hand out next; null when they are not running.
	 */
	private String next;

	PagesAhead(RedisConnector redis, PageSource<T> source) {
		this(redis, source, STOP_WAIT, items -> {
		});
	}

	PagesAhead(RedisConnector redis, PageSource<T> source, IntConsumer pace) {
		this(redis, source, STOP_WAIT, pace);
	}

	PagesAhead(RedisConnector redis, PageSource<T> source, Duration stopWait) {
		this(redis, source, stopWait, items -> {
		});
	}

	/**
	 * @param stopWait how long a stop waits for a round trip under way before it
	 * interrupts it
	 * @param pace waits until the rate lets a page's items in, called before the page's
	 * lookup
	 */
	PagesAhead(RedisConnector redis, PageSource<T> source, Duration stopWait, IntConsumer pace) {
		this.stopWait = stopWait;
		this.pace = pace;
		this.source = source;
		this.scanLink = redis.link();
		this.lookupLink = redis.link();
	}

	/**
	 * Makes the page at this cursor, and those after it, the ones fetched ahead, unless
	 * they already are.
	 */
	void start(String cursor) {
		if (cursor.equals(next)) {
			return;
		}
		stop();
		BlockingQueue<Handed<Scanned>> scanned = new ArrayBlockingQueue<>(1);
		BlockingQueue<Handed<Fetched<T>>> lookedUp = new ArrayBlockingQueue<>(1);
		threads = Executors.newFixedThreadPool(2, task -> {
			Thread thread = new Thread(task, "keysweep-page-ahead");
			thread.setDaemon(true);
			return thread;
		});
		AtomicBoolean on = new AtomicBoolean(true);
		threads.execute(() -> scanFrom(cursor, scanned, on));
		threads.execute(() -> lookUp(scanned, lookedUp, on));
		running = on;
		fetched = lookedUp;
		next = cursor;
	}

	/**
	 * The next page fetched ahead, or null when none is; waits for it while it is being
	 * fetched.
	 */
	Fetched<T> take() {
		if (next == null) {
			return null;
		}
		Handed<Fetched<T>> handed;
		try {
			handed = fetched.take();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while fetching a page", e);
		}
		if (handed.failure() != null) {
			next = null;
			throw handed.failure();
		}
		String after = handed.page().page().nextCursor();
		next = CursorPageReader.START.equals(after) ? null : after;
		return handed.page();
	}

	private void scanFrom(String cursor, BlockingQueue<Handed<Scanned>> scanned, AtomicBoolean on) {
		try {
			String at = cursor;
			do {
				String from = at;
				Scanned page = scanLink.call(jedis -> {
					int count = source.budget().count();
					long start = System.nanoTime();
					ScanResult<byte[]> result = source.scan(jedis, from, count);
					return new Scanned(from, count, scanLink.facts().runId(), result, System.nanoTime() - start);
				});
				if (!handOn(scanned, new Handed<>(page, null), on)) {
					return;
				}
				at = page.result().getCursor();
			}
			while (!CursorPageReader.START.equals(at) && on.get());
		}
		catch (RuntimeException | Error e) {
			handOnQuietly(scanned, failed(e), on);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private void lookUp(BlockingQueue<Handed<Scanned>> scanned, BlockingQueue<Handed<Fetched<T>>> out,
			AtomicBoolean on) {
		try {
			while (true) {
				Handed<Scanned> handed = next(scanned, on);
				if (handed == null) {
					return;
				}
				if (handed.failure() != null) {
					handOn(out, new Handed<>(null, handed.failure()), on);
					return;
				}
				Scanned page = handed.page();
				if (!handOn(out, new Handed<>(lookUp(page), null), on)
						|| CursorPageReader.START.equals(page.result().getCursor())) {
					return;
				}
			}
		}
		catch (RuntimeException | Error e) {
			handOnQuietly(out, failed(e), on);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private Fetched<T> lookUp(Scanned scanned) {
		pace.accept(scanned.result().getResult().size());
		return lookupLink.call(jedis -> {
			long start = System.nanoTime();
			List<T> items = source.lookUp(jedis, scanned.result().getResult());
			long nanos = System.nanoTime() - start;
			// facts from another server than the one that answered the cursor command
			// would not describe its page
			String runId = lookupLink.facts().runId().equals(scanned.runId()) ? scanned.runId() : "";
			return new Fetched<>(scanned.cursor(), runId,
					new CursorPageReader.Page<>(items, scanned.result().getCursor(), scanned.count()), scanned.nanos(),
					nanos);
		});
	}

	/**
	 * Any failure is handed on: a thread that died silently would leave the step waiting
	 * for its page forever.
	 */
	private static <P> Handed<P> failed(Throwable failure) {
		return new Handed<>(null, failure instanceof RuntimeException runtime ? runtime
				: new IllegalStateException("fetching a page ahead failed: " + failure, failure));
	}

	/**
	 * Puts a page in the queue once there is room; false if the threads were stopped
	 * first.
	 */
	private static <P> boolean handOn(BlockingQueue<P> queue, P page, AtomicBoolean on) throws InterruptedException {
		while (on.get()) {
			if (queue.offer(page, STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
				return true;
			}
		}
		return false;
	}

	private static <P> void handOnQuietly(BlockingQueue<P> queue, P failure, AtomicBoolean on) {
		try {
			handOn(queue, failure, on);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The next page in the queue once there is one; null if the threads were stopped
	 * first.
	 */
	private static <P> P next(BlockingQueue<P> queue, AtomicBoolean on) throws InterruptedException {
		while (on.get()) {
			P page = queue.poll(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS);
			if (page != null) {
				return page;
			}
		}
		return null;
	}

	/**
	 * Stops the threads and waits for them: a round trip under way is let finish, as its
	 * connection is the one the next threads use, unless it is still retrying after the
	 * stop wait.
	 */
	private void stop() {
		next = null;
		if (threads == null) {
			return;
		}
		running.set(false);
		threads.shutdown();
		try {
			if (!threads.awaitTermination(stopWait.toMillis(), TimeUnit.MILLISECONDS)) {
				threads.shutdownNow();
				if (!threads.awaitTermination(stopWait.toMillis(), TimeUnit.MILLISECONDS)) {
					throw new IllegalStateException(
							"a page fetched ahead did not stop within " + stopWait.multipliedBy(2).toSeconds() + " s");
				}
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while stopping the pages fetched ahead", e);
		}
		threads = null;
	}

	/**
	 * Pages still being fetched are of no use any more: their connections are closed
	 * under them.
	 */
	@Override
	public void close() {
		next = null;
		if (threads != null) {
			running.set(false);
			threads.shutdown();
			threads = null;
		}
		scanLink.close();
		lookupLink.close();
	}

}
