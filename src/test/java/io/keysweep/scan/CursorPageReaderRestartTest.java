package io.keysweep.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.keysweep.classify.Classifiers;
import io.keysweep.classify.KeyFacts;
import io.keysweep.redis.RedisConnector;
import io.keysweep.redis.RedisEndpoint;
import io.keysweep.redis.TlsSettings;
import io.keysweep.testing.CommandLog;
import io.keysweep.testing.RedisServer;
import io.keysweep.throttle.CommandBudget;
import io.keysweep.throttle.KeyRate;
import io.keysweep.throttle.LatencyGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The reader's restart contract, in the manner of Spring Batch's
 * {@code AbstractItemStreamItemReaderTests}: read some keys, checkpoint ({@code update}),
 * close, and let a new reader opened on that context go on, against a real Redis. A page
 * holds about 50 of the 300 keys, so a checkpoint after 5 keys is in the middle of the
 * first page. The restart's SCANs are seen as Redis ran them, in its SLOWLOG.
 */
class CursorPageReaderRestartTest {

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	private static final int KEYS = 300;

	private static final int COUNT = 50;

	/** The scan-count of a reader whose COUNT the budget sizes below it. */
	private static final int WIDEST = 5000;

	/** Keys read before the checkpoint: in the middle of a first page of 100 or more. */
	private static final int READ_BEFORE = 60;

	private RedisConnector connector;

	@BeforeEach
	void seed() {
		redis.flushAll();
		try (Jedis jedis = redis.client()) {
			for (int i = 0; i < KEYS; i++) {
				jedis.set("key:" + i, "v");
			}
			// Redis doubles its table of keys as they come, then moves them to the new
			// one
			// a bucket per lookup: finish that now, or the readers' own lookups would,
			// and
			// a page would change between a read and its restart
			Pipeline lookups = jedis.pipelined();
			for (int i = 0; i < 2 * KEYS; i++) {
				lookups.exists("key:" + i % KEYS);
			}
			lookups.sync();
		}
		connector = connector();
	}

	@AfterEach
	void closeConnector() {
		connector.close();
	}

	@Test
	void aRestartGoesOnAfterTheLastKeyItRead() {
		ExecutionContext context = new ExecutionContext();

		List<String> before = readAndCheckpoint(reader(0), context, 5);
		assertThat(ScanCheckpoint.from(context).pageOffset()).as("checkpoint in the middle of a page").isEqualTo(5);
		List<String> after = readAll(reader(0), context);

		// neither a key read twice nor one missed (the order within a page may change
		// while Redis rehashes)
		assertThat(after).doesNotContainAnyElementsOf(before).doesNotHaveDuplicates().hasSize(KEYS - 5);
	}

	@Test
	void aPageThatChangedSinceTheCheckpointIsReadAgainWhole() {
		ExecutionContext context = new ExecutionContext();
		List<String> before = readAndCheckpoint(reader(0), context, 5);
		try (Jedis jedis = redis.client()) {
			// the key the checkpoint goes on after is gone
			jedis.del(before.get(4));
		}

		List<String> after = readAll(reader(0), context);

		assertThat(after).containsAll(before.subList(0, 4))
			.doesNotContain(before.get(4))
			.doesNotHaveDuplicates()
			.hasSize(KEYS - 1);
	}

	@Test
	void aRestartOnAnotherServerProcessStartsOverFromCursorZero() throws IOException {
		ExecutionContext context = new ExecutionContext();
		List<String> before = readAndCheckpoint(reader(0), context, 100);
		String issuedBy = ScanCheckpoint.from(context).redisRunId();
		assertThat(ScanCheckpoint.from(context).cursor()).isNotEqualTo("0");
		connector.close();
		// the same keys under a new run_id: the checkpoint's cursor means nothing to the
		// new process
		redis.saveAndStop();
		redis.start();
		connector = connector();

		ScanItemReader reader = reader(0);
		List<String> after = readAll(reader, context);

		assertThat(after).containsAll(before).doesNotHaveDuplicates().hasSize(KEYS);
		assertThat(ScanCheckpoint.from(context).redisRunId()).isNotEqualTo(issuedBy);
	}

	@Test
	void aRestartFetchesTheCheckpointsPageAgainWithTheCountItHad() {
		ExecutionContext context = new ExecutionContext();
		List<String> before = readAndCheckpoint(budgeted(), context, READ_BEFORE);
		ScanCheckpoint checkpoint = ScanCheckpoint.from(context);
		assertThat(checkpoint.pageOffset()).as("checkpoint in the middle of a page").isEqualTo(READ_BEFORE);
		assertThat(checkpoint.pageCount()).as("a budget's first page").isLessThan(WIDEST);

		try (CommandLog log = CommandLog.over(redis, 0, 10_000)) {
			List<String> after = readAll(budgeted(), context);

			assertThat(after).doesNotContainAnyElementsOf(before).doesNotHaveDuplicates().hasSize(KEYS - READ_BEFORE);
			assertThat(log.scanCountsAt(checkpoint.cursor())).containsExactly(checkpoint.pageCount());
		}
	}

	@Test
	void aPageThatNoLongerReachesTheLastKeyAtItsCountIsFetchedAgainAtTheWidest() {
		ExecutionContext context = new ExecutionContext();
		List<String> before = readAndCheckpoint(budgeted(), context, READ_BEFORE);
		String cursor = ScanCheckpoint.from(context).cursor();
		// as when keys were added before the last key read, in the page's part of the
		// keyspace: the page at the COUNT recorded ends before that key
		context.putInt("scan.page-count", 10);

		try (CommandLog log = CommandLog.over(redis, 0, 10_000)) {
			List<String> after = readAll(budgeted(), context);

			assertThat(after).doesNotContainAnyElementsOf(before).doesNotHaveDuplicates().hasSize(KEYS - READ_BEFORE);
			assertThat(log.scanCountsAt(cursor)).containsExactly(10, WIDEST);
		}
	}

	@Test
	void aCheckpointWithoutThePagesCountFetchesItAgainAtTheWidest() {
		ExecutionContext context = new ExecutionContext();
		List<String> before = readAndCheckpoint(budgeted(), context, READ_BEFORE);
		String cursor = ScanCheckpoint.from(context).cursor();
		// as keysweep wrote it before it recorded the page's COUNT
		context.remove("scan.page-count");

		try (CommandLog log = CommandLog.over(redis, 0, 10_000)) {
			List<String> after = readAll(budgeted(), context);

			assertThat(after).doesNotContainAnyElementsOf(before).doesNotHaveDuplicates().hasSize(KEYS - READ_BEFORE);
			assertThat(log.scanCountsAt(cursor)).containsExactly(WIDEST);
		}
	}

	@Test
	void theLimitCountsTheKeysReadBeforeARestart() {
		ExecutionContext context = new ExecutionContext();
		List<String> before = readAndCheckpoint(reader(30), context, 10);

		List<String> after = readAll(reader(30), context);

		assertThat(after).hasSize(20).doesNotContainAnyElementsOf(before);
		assertThat(ScanCheckpoint.from(context).keysRead()).isEqualTo(30);
	}

	private RedisConnector connector() {
		return new RedisConnector(RedisEndpoint.parse(redis.url(), null, null), TlsSettings.DEFAULT);
	}

	private ScanItemReader reader(long limit) {
		return new ScanItemReader(connector, "key:*", new CommandBudget(Duration.ofSeconds(1), COUNT), null,
				Classifiers.rules(List.of()), limit, KeyRate.NONE, new LatencyGuard(Duration.ZERO));
	}

	/**
	 * A reader whose budget sizes its COUNT below its scan-count: the first page is
	 * fetched with COUNT 100.
	 */
	private ScanItemReader budgeted() {
		return new ScanItemReader(connector, "key:*", new CommandBudget(Duration.ofSeconds(1), WIDEST), null,
				Classifiers.rules(List.of()), 0, KeyRate.NONE, new LatencyGuard(Duration.ZERO));
	}

	/**
	 * Opens the reader on the context, reads that many keys, checkpoints them into the
	 * context and closes.
	 */
	private static List<String> readAndCheckpoint(ScanItemReader reader, ExecutionContext context, int keys) {
		List<String> read = new ArrayList<>();
		reader.open(context);
		try {
			for (int i = 0; i < keys; i++) {
				read.add(name(reader.read()));
			}
			reader.update(context);
		}
		finally {
			reader.close();
		}
		return read;
	}

	/** Opens the reader on the context, reads to the end, checkpoints and closes. */
	private static List<String> readAll(ScanItemReader reader, ExecutionContext context) {
		List<String> read = new ArrayList<>();
		reader.open(context);
		try {
			for (KeyFacts facts = reader.read(); facts != null; facts = reader.read()) {
				read.add(name(facts));
			}
			reader.update(context);
		}
		finally {
			reader.close();
		}
		return read;
	}

	private static String name(KeyFacts facts) {
		return new String(facts.key(), StandardCharsets.UTF_8);
	}

}
