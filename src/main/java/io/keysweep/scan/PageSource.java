package io.keysweep.scan;

import java.util.List;

import io.keysweep.throttle.CommandBudget;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.ScanResult;

/**
 * Where the pages of a {@link CursorPageReader} come from: one cursor command (SCAN,
 * SSCAN) and the lookups the items of a page need. The reader keeps the cursor, the
 * checkpoint and the limit; the source only answers for one cursor or one page at a time,
 * on the connection it is given (the role a {@code LineMapper} plays for Spring Batch's
 * {@code FlatFileItemReader}).
 *
 * <p>
 * Threads: the reader's {@link PagesAhead} calls {@link #scan} on its scanning thread and
 * {@link #lookUp} on its lookup thread; the step's thread calls both for a page that was
 * not fetched ahead (the first one, and after a restart, a failover or a changed page),
 * which can be while the prefetcher's threads fetch another. So a source is shared by
 * three threads and must be safe to call from them at once: it keeps no state between
 * calls, or only state that is safe to share (an atomic counter). {@link #keyOf} is
 * called on the step's thread only.
 */
interface PageSource<T> {

	/** Sizes the COUNT of the cursor command; shared by the threads that call it. */
	CommandBudget budget();

	/**
	 * Runs the cursor command at this cursor with this COUNT, one round trip, and tells
	 * the {@link #budget} how long it took. Redis collects a page from the cursor on
	 * until it has COUNT entries, so the page at a cursor with a larger COUNT starts with
	 * every page a smaller one gave there, as long as the keyspace did not change.
	 */
	ScanResult<byte[]> scan(Jedis jedis, String cursor, int count);

	/**
	 * Looks up whatever the items of a page need, for the keys or members in the order
	 * the cursor command gave.
	 */
	List<T> lookUp(Jedis jedis, List<byte[]> keys);

	/** The key or member that identifies an item within its page. */
	byte[] keyOf(T item);

}
