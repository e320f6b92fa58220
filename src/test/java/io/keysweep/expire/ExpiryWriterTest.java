package io.keysweep.expire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import io.keysweep.classify.Expiry;
import io.keysweep.redis.RedisConnector;
import io.keysweep.redis.RedisEndpoint;
import io.keysweep.redis.TlsSettings;
import io.keysweep.tally.SweepCounts;
import io.keysweep.tally.SweepTally;
import io.keysweep.testing.CommandMonitor;
import io.keysweep.testing.CommandMonitor.Command;
import io.keysweep.testing.CommandStats;
import io.keysweep.testing.RedisServer;
import io.keysweep.throttle.CommandBudget;
import io.keysweep.throttle.LatencyGuard;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.ClientKillParams;

/**
 * A chunk's expiries reach a real Redis in windows that the budget sizes, each answered
 * before the next is sent, and every key of the chunk gets its expiry.
 */
class ExpiryWriterTest {

	private static final int KEYS = 5_000;

	@Test
	void aChunkGoesInWindowsTheBudgetSizesAndEveryKeyGetsItsExpiry() throws Exception {
		try (RedisServer redis = RedisServer.latest()) {
			List<Expiry> chunk = seed(redis, KEYS);
			CommandBudget windows = new CommandBudget(Duration.ofMillis(1), KEYS);
			int firstWindow = windows.count();
			SweepTally tally = new SweepTally();
			RedisConnector connector = new RedisConnector(RedisEndpoint.parse(redis.url(), null, null),
					TlsSettings.DEFAULT);
			ExpiryWriter writer = new ExpiryWriter(connector, tally, new LatencyGuard(Duration.ZERO), windows);
			List<Command> sent;
			try (CommandMonitor monitor = CommandMonitor.start(redis)) {
				writer.open(new ExecutionContext());
				try {
					writer.write(new Chunk<>(chunk));
				}
				finally {
					writer.close();
					connector.close();
				}
				sent = monitor.commands();
			}

			// INFO commandstats, apart from the INFO server of the connection's start
			List<String> names = sent.stream()
				.map(command -> command.name().equals("INFO") ? "INFO " + command.args().get(1).toLowerCase(Locale.ROOT)
						: command.name())
				.toList();
			int firstScript = names.indexOf("EVALSHA");
			int firstReading = names.indexOf("INFO commandstats");
			// Redis's own time is read once the first window is answered, so a reading
			// between the first and the last call of the script shows the chunk did not
			// go in one pipeline, and how long the first window was
			assertThat(firstReading).isBetween(firstScript + 1, names.lastIndexOf("EVALSHA") - 1);
			assertThat(firstReading - firstScript).isEqualTo(firstWindow);
			assertThat(names.stream().filter("EVALSHA"::equals).count()).isEqualTo(KEYS);
			assertThat(tally.counts().total(SweepCounts.EXPIRED)).isEqualTo(KEYS);
			try (Jedis jedis = redis.client()) {
				for (int i = 0; i < KEYS; i += 97) {
					assertThat(jedis.ttl("b-" + i + "-notify")).isBetween(3000L, 3600L);
				}
			}
		}
	}

	@Test
	void aWindowWhoseConnectionBrokeIsSentAgainAloneAndTheWindowsBeforeItCountOnce() throws Exception {
		int keys = 50_000;
		int widest = 1_000;
		try (RedisServer redis = RedisServer.latest()) {
			List<Expiry> chunk = seed(redis, keys);
			SweepTally tally = new SweepTally();
			RedisConnector connector = new RedisConnector(RedisEndpoint.parse(redis.url(), null, null),
					TlsSettings.DEFAULT);
			ExpiryWriter writer = new ExpiryWriter(connector, tally, new LatencyGuard(Duration.ZERO),
					new CommandBudget(Duration.ofMillis(1), widest));
			AtomicBoolean written = new AtomicBoolean();
			Thread breaker = new Thread(() -> killWriterAfter(redis, keys * 2 / 5, written));
			writer.open(new ExecutionContext());
			try {
				breaker.start();
				writer.write(new Chunk<>(chunk));
			}
			finally {
				written.set(true);
				breaker.join();
				writer.close();
				connector.close();
			}

			// each window is answered once: only the one under way when its connection
			// broke may have had some of its keys expired before it was sent again
			SweepCounts counts = tally.counts();
			assertThat(counts.total(SweepCounts.EXPIRED) + counts.total(SweepCounts.CHANGED_MEANWHILE)).isEqualTo(keys);
			assertThat(counts.total(SweepCounts.EXPIRED)).isGreaterThanOrEqualTo(keys - widest);
			try (Jedis jedis = redis.client()) {
				for (int i = 0; i < keys; i += 997) {
					assertThat(jedis.ttl("b-" + i + "-notify")).isBetween(3000L, 3600L);
				}
			}
		}
	}

	/** Strings {@code b-<i>-notify} without a TTL, and a chunk giving each an hour. */
	private static List<Expiry> seed(RedisServer redis, int keys) {
		List<Expiry> chunk = new ArrayList<>();
		try (Jedis jedis = redis.client()) {
			Pipeline pipeline = jedis.pipelined();
			for (int i = 0; i < keys; i++) {
				String key = "b-" + i + "-notify";
				pipeline.set(key, "1");
				chunk.add(new Expiry(key.getBytes(StandardCharsets.UTF_8), "leaked", 3600, false, "string"));
			}
			pipeline.sync();
		}
		return chunk;
	}

	/**
	 * Kills keysweep's connection once Redis ran the script this many times, unless the
	 * writer is done first.
	 */
	private static void killWriterAfter(RedisServer redis, int calls, AtomicBoolean written) {
		try (Jedis jedis = redis.client()) {
			while (CommandStats.calls(redis, "evalsha") < calls) {
				if (written.get()) {
					return;
				}
			}
			for (String client : jedis.clientList().split("\n")) {
				if (client.contains(" name=keysweep ")) {
					jedis.clientKill(new ClientKillParams().id(field(client, "id")));
				}
			}
		}
	}

	private static String field(String client, String name) {
		for (String field : client.split(" ")) {
			if (field.startsWith(name + "=")) {
				return field.substring(name.length() + 1);
			}
		}
		throw new IllegalStateException("no " + name + " in " + client);
	}

}
