package io.keysweep.scan;

import java.util.Base64;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Where a cursor iteration (SCAN, SSCAN) stands, as {@link CursorPageReader} records it
 * in its step's ExecutionContext at every chunk commit. The context keys are this
 * record's own: read them through {@link #from}, nowhere else. The key strings never
 * change, so that job repositories written by earlier versions can still be resumed and
 * reported.
 *
 * @param cursor the cursor of the page being read; null when the step has not
 * checkpointed yet
 * @param pageOffset the items of that page handed to the step
 * @param pageLastKey the last item handed to the step from that page, or null
 * @param pageCount the COUNT that page was fetched with, so that a restart fetches the
 * same page again; 0 when not known (a checkpoint of an earlier version)
 * @param done whether the iteration reached its end
 * @param redisRunId the run_id of the server that issued the cursor, or null
 * @param keysRead items handed to the step, across restarts: what {@code limit} counts
 * @param keysFetched items fetched from Redis, across restarts, including those of a page
 * re-read after a restart
 * @param pagesFetched pages fetched from Redis, across restarts
 */
public record ScanCheckpoint(String cursor, int pageOffset, byte[] pageLastKey, int pageCount, boolean done,
		String redisRunId, long keysRead, long keysFetched, long pagesFetched) {

	private static final String CURSOR = "scan.cursor";

	private static final String PAGE_OFFSET = "scan.page-offset";

	/** Base64, as a context holds text. */
	private static final String PAGE_LAST_KEY = "scan.page-last-key";

	private static final String PAGE_COUNT = "scan.page-count";

	private static final String DONE = "scan.done";

	private static final String REDIS_RUN_ID = "scan.redis-run-id";

	private static final String KEYS_READ = "scan.keys-read";

	private static final String KEYS_FETCHED = "scan.keys-fetched";

	private static final String PAGES_FETCHED = "scan.pages-fetched";

	/**
	 * What a reader recorded in a step's context; a null cursor and zeros when it
	 * recorded nothing.
	 */
	public static ScanCheckpoint from(ExecutionContext context) {
		boolean checkpointed = context.containsKey(CURSOR);
		String lastKey = context.getString(PAGE_LAST_KEY, "");
		return new ScanCheckpoint(checkpointed ? context.getString(CURSOR) : null,
				checkpointed ? context.getInt(PAGE_OFFSET) : 0,
				lastKey.isEmpty() ? null : Base64.getDecoder().decode(lastKey), context.getInt(PAGE_COUNT, 0),
				Boolean.parseBoolean(context.getString(DONE, "false")), context.getString(REDIS_RUN_ID, null),
				context.getLong(KEYS_READ, 0), context.getLong(KEYS_FETCHED, 0), context.getLong(PAGES_FETCHED, 0));
	}

	/**
	 * A null {@code pageLastKey}, or a {@code pageCount} of 0, leaves the one recorded
	 * before: they are read only with a page offset above 0.
	 */
	void writeTo(ExecutionContext context) {
		context.putString(CURSOR, cursor);
		context.putInt(PAGE_OFFSET, pageOffset);
		context.putString(DONE, String.valueOf(done));
		if (pageLastKey != null) {
			context.putString(PAGE_LAST_KEY, Base64.getEncoder().encodeToString(pageLastKey));
		}
		if (pageCount > 0) {
			context.putInt(PAGE_COUNT, pageCount);
		}
		context.putString(REDIS_RUN_ID, redisRunId);
		context.putLong(KEYS_READ, keysRead);
		context.putLong(KEYS_FETCHED, keysFetched);
		context.putLong(PAGES_FETCHED, pagesFetched);
	}
}
