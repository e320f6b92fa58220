package io.keysweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import io.keysweep.demo.DemoKeyspace;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * keysweep and the plain-Jedis baselines against a Redis 0.5 ms of round trip away: the server runs in a network
 * namespace whose veth link delays each packet by 250 µs each way ({@code tc netem}). A round trip per key is what
 * a slow network punishes, so this is where the per-key baseline falls furthest behind.
 * {@code ./mvnw -B -Pbenchmark verify -Dit.test=SlowNetworkBenchmarkIT}; size with
 * {@code -Dkeysweep.benchmark.slow-batches=20000}, repetitions with {@code -Dkeysweep.benchmark.runs=3}. Needs root
 * and a kernel with netem, and is skipped where either is missing. Numbers, not assertions: it asserts only that
 * each contender did the whole job.
 */
@Tag("benchmark")
class SlowNetworkBenchmarkIT {

    private static final Duration ONE_WAY_DELAY = Duration.ofNanos(250_000);
    private static final int TIMED_PINGS = 200;
    private static final String KEYSWEEP = "keysweep, whole process (java -Xmx128m -jar)";
    private static final String KEYSWEEP_STEP = "keysweep, the step alone";
    private static final String PIPELINED =
            "pipelined plain Jedis: SCAN COUNT 1000 page, 1 lookup pipeline, 1 EXPIRE NX pipeline";
    private static final String PER_KEY = "per key: SCAN COUNT 1000, then TTL and EXPIRE key by key";

    @TempDir
    Path dir;

    @Test
    void keysweepHalfAMillisecondAway() throws Exception {
        int batches = Integer.getInteger("keysweep.benchmark.slow-batches", 20_000);
        int runs = Integer.getInteger("keysweep.benchmark.runs", 3);
        try (DelayedNetwork network = DelayedNetwork.create(ONE_WAY_DELAY);
             NamespacedRedis redis = NamespacedRedis.start(network, Files.createDirectories(dir.resolve("redis")));
             Jedis jedis = redis.client()) {
            double rttMillis = medianRoundTripMillis(jedis);
            assertThat(rttMillis).as("netem's delay on both ends of the link")
                    .isGreaterThanOrEqualTo(2 * ONE_WAY_DELAY.toNanos() / 1e6);
            Contenders.seedAndSave(jedis, batches);
            BenchmarkTable table = new BenchmarkTable();
            for (int run = 0; run < runs; run++) {
                Contenders.KeysweepRun keysweep = Contenders.keysweep(jedis, redis.url(),
                        dir.resolve("keysweep-" + run), Contenders.Launch.plain());
                Contenders.assertWholeJobDone(jedis, "keysweep");
                table.add(KEYSWEEP, keysweep.wallSeconds());
                table.add(KEYSWEEP_STEP, keysweep.stepSeconds());
                table.add("  Redis busy time during it (INFO commandstats)", keysweep.redisBusySeconds());
                table.add(PIPELINED, Contenders.inFreshJvm(jedis, redis.host(), redis.port(), "pipelined", 1000,
                        dir.resolve("pipelined-" + run)));
                Contenders.assertWholeJobDone(jedis, "the pipelined baseline");
                table.add(PER_KEY, Contenders.inFreshJvm(jedis, redis.host(), redis.port(), "per-key", 1000,
                        dir.resolve("per-key-" + run)));
                Contenders.assertWholeJobDone(jedis, "the per-key baseline");
            }
            table.print(String.format("keysweep benchmark, Redis %.0f µs of added round trip away (measured round "
                            + "trip %.2f ms, median of %d PINGs): %,d batches, %,d keys, %,d notify keys to expire; "
                            + "median of %d runs", 2 * ONE_WAY_DELAY.toNanos() / 1e3, rttMillis, TIMED_PINGS, batches,
                    jedis.dbSize(), DemoKeyspace.leakedNotifyKeys(batches), runs));
            System.out.printf("  %-88s %7.1fx%n  %-88s %7.1fx%n",
                    "per key / keysweep's step", table.median(PER_KEY) / table.median(KEYSWEEP_STEP),
                    "pipelined plain Jedis / keysweep's step", table.median(PIPELINED) / table.median(KEYSWEEP_STEP));
        }
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
