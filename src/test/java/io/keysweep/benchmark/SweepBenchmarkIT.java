package io.keysweep.benchmark;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.keysweep.demo.DemoKeyspace;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * keysweep against what a user would otherwise write, on the same seeded Sidekiq keyspace
 * and the same Redis, printed side by side:
 * {@code ./mvnw -B -Pbenchmark verify -Dit.test=SweepBenchmarkIT}. Sizes with
 * {@code -Dkeysweep.benchmark.batches=200000,2000000} (about 5.7 keys a batch),
 * repetitions with {@code -Dkeysweep.benchmark.runs=3}; the medians are printed. Every
 * contender runs in a JVM of its own, as it would on an operator's machine; the pipelined
 * baseline also runs once more inside this test's JVM, whose JIT has compiled Jedis's
 * pipeline code while seeding. {@code -Dkeysweep.benchmark.baseline=DIR} adds the same
 * keysweep rows for another build, whose {@code target} directory is DIR (e.g. main's),
 * first in each run, so that a change and what it changes are measured under the same
 * load. keysweep's rows include its CPU time (user and system, from
 * {@code /usr/bin/time}), which a shared machine's load moves less than wall time.
 * Numbers, not assertions: it asserts only that each contender did the whole job, and
 * each table prints the load average it was measured under, as the machine is shared.
 */
@Tag("benchmark")
class SweepBenchmarkIT {

	private static final String STEP = "keysweep, the step alone (java -Xmx128m -jar)";

	private static final String PIPELINED = "pipelined plain Jedis, SCAN COUNT 1000: 1 lookup pipeline, 1 EXPIRE NX "
			+ "pipeline a page";

	private static final String PER_KEY = "per key: SCAN COUNT 1000, then TTL and EXPIRE key by key";

	private static final String BUSY = "  Redis busy time during keysweep's step (INFO commandstats)";

	private static final String FAST_STEP = "keysweep, the step alone, fast start";

	private static final String FAST_BUSY = "  Redis busy time during the fast start's step";

	@TempDir
	Path dir;

	@Test
	void keysweepAgainstTheAlternatives() throws Exception {
		int runs = Integer.getInteger("keysweep.benchmark.runs", 3);
		Contenders.Launch plain = Contenders.Launch.plain();
		Contenders.Launch fastStart = Contenders.Launch.fastStart(dir.resolve("fast-start"));
		String baselineDir = System.getProperty("keysweep.benchmark.baseline", "");
		Path baselineJar = baselineDir.isEmpty() ? null : Path.of(baselineDir).toAbsolutePath().resolve("keysweep.jar");
		Contenders.Launch baselinePlain = baselineJar == null ? null : Contenders.Launch.plain(baselineJar);
		Contenders.Launch baselineFast = baselineJar == null ? null
				: Contenders.Launch.fastStart(dir.resolve("baseline-fast-start"), baselineJar);
		for (String size : System.getProperty("keysweep.benchmark.batches", "200000").split(",")) {
			int batches = Integer.parseInt(size.trim());
			try (RedisServer redis = RedisServer.latest("--enable-debug-command", "yes");
					Jedis jedis = patient(redis)) {
				Contenders.seedAndSave(jedis, batches);
				BenchmarkTable table = new BenchmarkTable();
				for (int run = 0; run < runs; run++) {
					Path work = dir.resolve(size + "-" + run);
					if (baselineJar != null) {
						String build = "baseline " + baselineJar + ": ";
						sweeps(table, jedis, redis, work.resolve("baseline"), build, baselinePlain, baselineFast);
					}
					sweeps(table, jedis, redis, work, "", plain, fastStart);
					table.add(PIPELINED,
							Contenders.inFreshJvm(jedis, "127.0.0.1", redis.port(), "pipelined", 1000, work));
					table.add("  Redis busy time during the pipelined baseline", Contenders.busySeconds(jedis));
					Contenders.assertWholeJobDone(jedis, "the pipelined baseline");
					table.add("pipelined plain Jedis, keysweep's SCAN COUNT 5000",
							Contenders.inFreshJvm(jedis, "127.0.0.1", redis.port(), "pipelined", 5000, work));
					table.add("pipelined plain Jedis, SCAN COUNT 1000, in this test's warmed-up JVM", Contenders
						.timed(jedis, () -> patient(redis), client -> Contenders.pipelined(client, 1000)));
					table.add(PER_KEY, Contenders.inFreshJvm(jedis, "127.0.0.1", redis.port(), "per-key", 1000, work));
					table.add("  Redis busy time during the per-key baseline", Contenders.busySeconds(jedis));
					Contenders.assertWholeJobDone(jedis, "the per-key baseline");
				}
				table.print(String.format(
						"keysweep benchmark: %,d batches, %,d keys, %,d notify keys to expire; " + "median of %d runs",
						batches, jedis.dbSize(), DemoKeyspace.leakedNotifyKeys(batches), runs));
				printRatios(table, STEP, BUSY);
				printRatios(table, FAST_STEP, FAST_BUSY);
			}
		}
	}

	/**
	 * One build's sweeps, plain and fast start, each on the keyspace as saved: its rows
	 * are named after {@code build} (empty for this build), so that a baseline build's
	 * rows stand beside this build's in the same table.
	 */
	private static void sweeps(BenchmarkTable table, Jedis jedis, RedisServer redis, Path work, String build,
			Contenders.Launch plain, Contenders.Launch fastStart) throws Exception {
		Contenders.KeysweepRun sweep = Contenders.keysweep(jedis, redis.url(), work.resolve("plain"), plain);
		Contenders.assertWholeJobDone(jedis, build + "keysweep");
		table.add(build + "keysweep, whole process (java -Xmx128m -jar target/keysweep.jar)", sweep.wallSeconds());
		table.add(build + "  its CPU time, user and system", sweep.cpuSeconds());
		table.add(build + STEP, sweep.stepSeconds());
		table.add(build + BUSY, sweep.redisBusySeconds());
		table.add(build + "  peak RSS, MiB", sweep.peakRssMiB());
		table.add(build + "  peak heap before a collection, MiB", sweep.peakHeapMiB());
		Contenders.KeysweepRun fast = Contenders.keysweep(jedis, redis.url(), work.resolve("fast"), fastStart);
		Contenders.assertWholeJobDone(jedis, build + "keysweep (fast start)");
		table.add(build + "keysweep, whole process, fast start (extracted, CDS, C1 only, serial GC)",
				fast.wallSeconds());
		table.add(build + "  its CPU time, user and system, fast start", fast.cpuSeconds());
		table.add(build + FAST_STEP, fast.stepSeconds());
		table.add(build + FAST_BUSY, fast.redisBusySeconds());
		table.add(build + "  peak RSS with the fast start, MiB", fast.peakRssMiB());
	}

	/**
	 * A rate held for 20 s ({@code -Dkeysweep.benchmark.rate-seconds=60} for a minute):
	 * keys read over the step's time. The bucket starts empty and holds a quarter of a
	 * second's keys, so over {@code T} seconds the sweep can read at most
	 * {@code rate * (T + 0.25)} keys: at most {@code 0.25/T} over, 1.25% over 20 s, 0.4%
	 * over a minute. It can fall short only when keysweep cannot keep up (the machine is
	 * busy), which the load shows.
	 */
	@Test
	void theRateHolds() throws Exception {
		int rate = Integer.getInteger("keysweep.benchmark.rate", 10_000);
		int seconds = Integer.getInteger("keysweep.benchmark.rate-seconds", 20);
		int batches = rate * seconds;
		try (RedisServer redis = RedisServer.latest("--enable-debug-command", "yes"); Jedis jedis = patient(redis)) {
			Contenders.seedAndSave(jedis, batches);
			Contenders.KeysweepRun sweep = Contenders.keysweep(jedis, redis.url(), dir.resolve("rate"),
					Contenders.Launch.plain(), "--rate", String.valueOf(rate));
			double measured = batches / sweep.stepSeconds();
			BenchmarkTable table = new BenchmarkTable();
			table.add("keys/s", measured);
			table.add("seconds", sweep.stepSeconds());
			table.add("% off", 100 * (measured - rate) / rate);
			table.print(String.format("keysweep --rate %d over %,d notify keys", rate, batches));
		}
	}

	private static void printRatios(BenchmarkTable table, String step, String busy) {
		System.out.printf("  ratios to \"%s\": per key %.2fx, pipelined plain Jedis %.2fx; Redis busy time %.2fx%n",
				step, table.median(PER_KEY) / table.median(step), table.median(PIPELINED) / table.median(step),
				table.median(step) / table.median(busy));
	}

	/** A client that waits out SAVE and DEBUG RELOAD of millions of keys. */
	private static Jedis patient(RedisServer redis) {
		return new Jedis("127.0.0.1", redis.port(), (int) TimeUnit.MINUTES.toMillis(5));
	}

}
