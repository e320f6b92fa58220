package io.keysweep.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.keysweep.demo.DemoKeyspace;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;
import redis.clients.jedis.Jedis;

/**
 * keysweep and the plain-Jedis baselines against a Redis 0.5 ms of round trip away. Where
 * the machine allows it, the server runs in a network namespace whose veth link delays
 * each packet by 250 µs each way ({@code tc netem}); elsewhere (no root, no iproute2, or
 * a kernel without netem) it runs on loopback behind a {@link DelayingProxy} that holds
 * each chunk of bytes 250 µs each way. A round trip per key is what a slow network
 * punishes, so this is where the per-key baseline falls furthest behind.
 * {@code ./mvnw -B -Pbenchmark verify -Dit.test=SlowNetworkBenchmarkIT}; size with
 * {@code -Dkeysweep.benchmark.slow-batches=20000}, repetitions with
 * {@code -Dkeysweep.benchmark.runs=3}. Numbers, not assertions: it asserts only the round
 * trip and that each contender did the whole job.
 */
@Tag("benchmark")
class SlowNetworkBenchmarkIT {

	private static final Duration ONE_WAY_DELAY = Duration.ofNanos(250_000);

	/** Long enough to wait out SAVE and DEBUG RELOAD of the keyspace. */
	private static final int PATIENT_MILLIS = (int) TimeUnit.MINUTES.toMillis(5);

	private static final int TIMED_PINGS = 200;

	private static final String KEYSWEEP = "keysweep, whole process (java -Xmx128m -jar)";

	private static final String KEYSWEEP_STEP = "keysweep, the step alone";

	private static final String PIPELINED = "pipelined plain Jedis: SCAN COUNT 1000 page, 1 lookup pipeline, 1 EXPIRE NX pipeline";

	private static final String PER_KEY = "per key: SCAN COUNT 1000, then TTL and EXPIRE key by key";

	@TempDir
	Path dir;

	@Test
	void keysweepHalfAMillisecondAway() throws Exception {
		Optional<DelayedNetwork> netem = netem();
		if (netem.isPresent()) {
			try (DelayedNetwork network = netem.get();
					NamespacedRedis redis = NamespacedRedis.start(network,
							Files.createDirectories(dir.resolve("redis")));
					Jedis admin = patient(redis.host(), redis.port())) {
				benchmark("tc netem", admin, redis.host(), redis.port());
			}
		}
		else {
			// only the contenders go through the proxy: reset, seeding and busy time need
			// no delay
			try (RedisServer redis = RedisServer.latest("--enable-debug-command", "yes");
					DelayingProxy proxy = DelayingProxy.start(redis.port(), ONE_WAY_DELAY);
					Jedis admin = patient("127.0.0.1", redis.port())) {
				benchmark("a user-space proxy delaying each direction by " + ONE_WAY_DELAY.toNanos() / 1000 + " µs",
						admin, proxy.host(), proxy.port());
			}
		}
	}

	/**
	 * tc netem where this machine allows it; where not, it says why, and the proxy stands
	 * in.
	 */
	private static Optional<DelayedNetwork> netem() {
		try {
			return Optional.of(DelayedNetwork.create(ONE_WAY_DELAY));
		}
		catch (TestAbortedException unavailable) {
			System.out.printf("%nno tc netem here, a user-space proxy instead: %s%n", unavailable.getMessage());
			return Optional.empty();
		}
	}

	/**
	 * @param delayedBy what puts Redis 0.5 ms of round trip away, for the table's title
	 * @param admin a connection for the upkeep between contenders, which is not timed
	 * @param host with {@code port}: where the contenders reach Redis, through the delay
	 */
	private void benchmark(String delayedBy, Jedis admin, String host, int port) throws Exception {
		int batches = Integer.getInteger("keysweep.benchmark.slow-batches", 20_000);
		int runs = Integer.getInteger("keysweep.benchmark.runs", 3);
		double rttMillis;
		try (Jedis jedis = patient(host, port)) {
			rttMillis = medianRoundTripMillis(jedis);
		}
		assertThat(rttMillis).as("the delay there and back through " + delayedBy)
			.isGreaterThanOrEqualTo(2 * ONE_WAY_DELAY.toNanos() / 1e6);
		Contenders.seedAndSave(admin, batches);
		BenchmarkTable table = new BenchmarkTable();
		for (int run = 0; run < runs; run++) {
			Contenders.KeysweepRun keysweep = Contenders.keysweep(admin, "redis://" + host + ":" + port,
					dir.resolve("keysweep-" + run), Contenders.Launch.plain());
			Contenders.assertWholeJobDone(admin, "keysweep");
			table.add(KEYSWEEP, keysweep.wallSeconds());
			table.add(KEYSWEEP_STEP, keysweep.stepSeconds());
			table.add("  Redis busy time during it (INFO commandstats)", keysweep.redisBusySeconds());
			table.add(PIPELINED,
					Contenders.inFreshJvm(admin, host, port, "pipelined", 1000, dir.resolve("pipelined-" + run)));
			Contenders.assertWholeJobDone(admin, "the pipelined baseline");
			table.add(PER_KEY,
					Contenders.inFreshJvm(admin, host, port, "per-key", 1000, dir.resolve("per-key-" + run)));
			Contenders.assertWholeJobDone(admin, "the per-key baseline");
		}
		table.print(String.format(
				"keysweep benchmark, Redis %.0f µs of added round trip away through %s (measured "
						+ "round trip %.2f ms, median of %d PINGs): %,d batches, %,d keys, %,d notify keys to "
						+ "expire; median of %d runs",
				2 * ONE_WAY_DELAY.toNanos() / 1e3, delayedBy, rttMillis, TIMED_PINGS, batches, admin.dbSize(),
				DemoKeyspace.leakedNotifyKeys(batches), runs));
		System.out.printf("  %-88s %7.1fx%n  %-88s %7.1fx%n", "per key / keysweep's step",
				table.median(PER_KEY) / table.median(KEYSWEEP_STEP), "pipelined plain Jedis / keysweep's step",
				table.median(PIPELINED) / table.median(KEYSWEEP_STEP));
	}

	private static Jedis patient(String host, int port) {
		return new Jedis(host, port, PATIENT_MILLIS);
	}

	private static double medianRoundTripMillis(Jedis jedis) {
		for (int i = 0; i < 20; i++) {
			jedis.ping(); // warm up the connection and both ends
		}
		long[] nanos = new long[TIMED_PINGS];
		for (int i = 0; i < nanos.length; i++) {
			long start = System.nanoTime();
			jedis.ping();
			nanos[i] = System.nanoTime() - start;
		}
		Arrays.sort(nanos);
		return nanos[nanos.length / 2] / 1e6;
	}

}
