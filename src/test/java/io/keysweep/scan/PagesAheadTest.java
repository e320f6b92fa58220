package io.keysweep.scan;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import io.keysweep.redis.RedisConnector;
import io.keysweep.redis.RedisEndpoint;
import io.keysweep.redis.TlsSettings;
import io.keysweep.testing.SharedRedis;
import io.keysweep.throttle.CommandBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.ScanResult;

/**
 * How the threads fetching pages ahead are stopped, on their own connections to a real
 * Redis.
 */
class PagesAheadTest {

	@RegisterExtension
	static final SharedRedis redis = SharedRedis.serverOnly();

	@Test
	void aLookupUnderWayIsLetFinishNotInterrupted() throws Exception {
		RedisConnector connector = new RedisConnector(RedisEndpoint.parse(redis.url(), null, null),
				TlsSettings.DEFAULT);
		HeldLookup reader = new HeldLookup();
		try (PagesAhead<byte[]> ahead = new PagesAhead<>(connector, reader)) {
			ahead.start("1");
			assertThat(reader.lookingUp.await(10, SECONDS)).isTrue();
			Thread answer = new Thread(() -> {
				try {
					Thread.sleep(300);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				reader.answered.countDown();
			});
			answer.start();

			// another cursor: the threads of the first start are stopped, and waited for
			ahead.start("2");

			assertThat(reader.interrupted).isFalse();
			assertThat(reader.finished).isTrue();
			answer.join();
		}
		finally {
			connector.close();
		}
	}

	@Test
	void aLookupStillUnderWayAfterTheStopWaitIsInterrupted() throws Exception {
		RedisConnector connector = new RedisConnector(RedisEndpoint.parse(redis.url(), null, null),
				TlsSettings.DEFAULT);
		HeldLookup reader = new HeldLookup();
		Duration stopWait = Duration.ofMillis(300);
		try (PagesAhead<byte[]> ahead = new PagesAhead<>(connector, reader, stopWait)) {
			ahead.start("1");
			assertThat(reader.lookingUp.await(10, SECONDS)).isTrue();
			long start = System.nanoTime();

			// never answered: as a round trip retrying against a Redis that is away
			ahead.start("2");

			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(stopWait);
			assertThat(reader.interrupted).isTrue();
			assertThat(reader.finished).isFalse();
			reader.answered.countDown();
		}
		finally {
			connector.close();
		}
	}

	/**
	 * Made-up pages of one key each, cursors 0 to 2, each SCAN a real round trip (PING);
	 * a lookup waits until the test answers it, as a pipeline waits for Redis's answers,
	 * and records whether its thread was interrupted.
	 */
	private static final class HeldLookup implements PageSource<byte[]> {

		final CountDownLatch lookingUp = new CountDownLatch(1);

		final CountDownLatch answered = new CountDownLatch(1);

		final AtomicBoolean interrupted = new AtomicBoolean();

		final AtomicBoolean finished = new AtomicBoolean();

		final CommandBudget budget = new CommandBudget(Duration.ofMillis(1), 100);

		@Override
		public CommandBudget budget() {
			return budget;
		}

		@Override
		public ScanResult<byte[]> scan(Jedis jedis, String cursor, int count) {
			jedis.ping();
			int page = Integer.parseInt(cursor);
			return new ScanResult<>(String.valueOf((page + 1) % 3),
					List.of(("key" + page).getBytes(StandardCharsets.US_ASCII)));
		}

		@Override
		public List<byte[]> lookUp(Jedis jedis, List<byte[]> keys) {
			lookingUp.countDown();
			try {
				answered.await();
				finished.set(true);
			}
			catch (InterruptedException e) {
				interrupted.set(true);
				Thread.currentThread().interrupt();
			}
			return keys;
		}

		@Override
		public byte[] keyOf(byte[] item) {
			return item;
		}

	}

}
