package io.keysweep.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.keysweep.testing.SharedRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A budget told Redis's own time on its SCANs, read from a real server's command
 * statistics, sizes COUNT by that time rather than by round trips that also hold a wait
 * outside Redis.
 */
class CommandTimingTest {

	@RegisterExtension
	static final SharedRedis redis = SharedRedis.serverOnly();

	private static final Duration BUDGET = Duration.ofMillis(10);

	/**
	 * Added to each SCAN's round trip, as a wait behind other clients' commands would.
	 */
	private static final long WAIT_MILLIS = 3;

	/** Passes over the keyspace at the most, each of a dozen calls or more. */
	private static final int PASSES = 20;

	@Test
	void countGrowsPastWhatTheRoundTripsAloneAllowOnceRedissOwnTimeIsRead() throws Exception {
		try (Jedis jedis = redis.client()) {
			seed(jedis, 300_000);
			CommandBudget budget = new CommandBudget(BUDGET, 100_000);
			CommandTiming timing = new CommandTiming(budget, "scan");
			boolean pastTheRoundTrips = false;
			// the keyspace again and again: Redis's time is read every 50 ms, and on a
			// fast
			// machine one pass may take less
			for (int pass = 0; pass < PASSES && !pastTheRoundTrips; pass++) {
				String cursor = "0";
				do {
					int count = budget.count();
					byte[] at = cursor.getBytes(StandardCharsets.US_ASCII);
					long[] roundTrip = new long[1];
					ScanResult<byte[]> page = timing.call(jedis, count, () -> {
						long start = System.nanoTime();
						pause();
						ScanResult<byte[]> scanned = jedis.scan(at, new ScanParams().count(count));
						roundTrip[0] = System.nanoTime() - start;
						return scanned;
					});
					// at most what the budget measured: it times the same call from
					// outside
					double roundTripPerUnit = (double) roundTrip[0] / count;
					// a budget of round trips alone never asks for more than fit in half
					// the
					// budget at the last call's round trip per unit: its learnt cost is
					// never
					// below the last call's
					pastTheRoundTrips |= budget.count() > BUDGET.toNanos() / 2.0 / roundTripPerUnit;
					cursor = page.getCursor();
				}
				while (!"0".equals(cursor) && !pastTheRoundTrips);
			}
			assertThat(pastTheRoundTrips).as("COUNT sized by Redis's own time at some call").isTrue();
		}
	}

	private static void seed(Jedis jedis, int keys) {
		Pipeline pipeline = jedis.pipelined();
		for (int i = 0; i < keys; i++) {
			pipeline.set("k" + i, "v");
		}
		pipeline.sync();
	}

	private static void pause() {
		try {
			Thread.sleep(WAIT_MILLIS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

}
