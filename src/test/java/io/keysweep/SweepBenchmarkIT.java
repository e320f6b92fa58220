package io.keysweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.keysweep.demo.DemoKeyspace;
import io.keysweep.testing.JarRun;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * keysweep against what a user would otherwise write, on the same seeded Sidekiq keyspace and the same Redis,
 * printed side by side: {@code ./mvnw -B -Pbenchmark verify -Dit.test=SweepBenchmarkIT}. Sizes with
 * {@code -Dkeysweep.benchmark.batches=200000,2000000} (about 5.7 keys a batch), repetitions with
 * {@code -Dkeysweep.benchmark.runs=3}; the medians are printed. Numbers, not assertions: the machine is shared,
 * so each table also prints the load average it was measured under.
 */
@Tag("benchmark")
class SweepBenchmarkIT {

    private static final long THIRTY_DAYS = 2_592_000;
    private static final ScanParams NOTIFY_PAGE = new ScanParams().match("b-*-notify").count(1000);
    /** The SCAN COUNT of keysweep's shipped definition, for a baseline on equal terms. */
    private static final ScanParams NOTIFY_PAGE_5000 = new ScanParams().match("b-*-notify").count(5000);
    private static final byte[] DELETED = "deleted".getBytes();
    private static final Pattern ELAPSED = Pattern.compile("elapsed ([0-9.]+) s");
    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->\\d+M\\(\\d+M\\)");

    @TempDir
    Path dir;

    @Test
    void keysweepAgainstTheAlternatives() throws Exception {
        int runs = Integer.getInteger("keysweep.benchmark.runs", 3);
        for (String size : System.getProperty("keysweep.benchmark.batches", "200000").split(",")) {
            int batches = Integer.parseInt(size.trim());
            try (RedisServer redis = RedisServer.latest("--enable-debug-command", "yes");
                 Jedis jedis = patient(redis)) {
                seedAndSave(jedis, batches);
                Map<String, List<Double>> figures = new LinkedHashMap<>();
                for (int run = 0; run < runs; run++) {
                    Sweep process = keysweep(redis, jedis, "run-" + size + "-" + run, "-Xmx128m");
                    add(figures, "keysweep, whole process (java -Xmx128m -jar)", process.wallSeconds());
                    add(figures, "keysweep, the step alone", process.stepSeconds());
                    add(figures, "  Redis busy time during it (INFO commandstats)", process.redisSeconds());
                    add(figures, "  peak RSS, MiB", process.peakRssMiB());
                    add(figures, "  peak heap before a GC, MiB", process.peakHeapMiB());
                    Sweep tuned = keysweep(redis, jedis, "tuned-" + size + "-" + run, "-Xmx128m",
                            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
                    add(figures, "keysweep, whole process, -XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                            tuned.wallSeconds());
                    add(figures, "keysweep, the step alone, -XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                            tuned.stepSeconds());
                    add(figures, "pipelined plain Jedis: SCAN page, 1 enrichment pipeline, 1 EXPIRE NX pipeline",
                            timed(redis, jedis, client -> pipelinedBaseline(client, NOTIFY_PAGE)));
                    add(figures, "  Redis busy time during the pipelined baseline", busySeconds(jedis));
                    add(figures, "pipelined plain Jedis with keysweep's SCAN COUNT 5000",
                            timed(redis, jedis, client -> pipelinedBaseline(client, NOTIFY_PAGE_5000)));
                    add(figures, "per key: SCAN COUNT 1000, then TTL and EXPIRE key by key",
                            timed(redis, jedis, SweepBenchmarkIT::perKeyBaseline));
                    add(figures, "  Redis busy time during the per-key baseline", busySeconds(jedis));
                }
                print(batches, jedis.dbSize(), runs, figures);
            }
        }
    }

    /**
     * A rate held for 20 s ({@code -Dkeysweep.benchmark.rate-seconds=60} for a minute): keys read over the step's
     * time. The bucket starts empty and holds a quarter of a second's keys, so over {@code T} seconds the sweep can
     * read at most {@code rate * (T + 0.25)} keys: at most {@code 0.25/T} over, 1.25% over 20 s, 0.4% over a
     * minute. It can fall short only when keysweep cannot keep up (the machine is busy), which the load shows.
     */
    @Test
    void theRateHolds() throws Exception {
        int rate = Integer.getInteger("keysweep.benchmark.rate", 10_000);
        int seconds = Integer.getInteger("keysweep.benchmark.rate-seconds", 20);
        int batches = rate * seconds;
        try (RedisServer redis = RedisServer.latest("--enable-debug-command", "yes"); Jedis jedis = patient(redis)) {
            seedAndSave(jedis, batches);
            Sweep sweep = keysweep(redis, jedis, "rate", "--rate", String.valueOf(rate));
            double measured = batches / sweep.stepSeconds();
            System.out.printf("%nkeysweep --rate %d over %,d notify keys: %.0f keys/s in %.1f s (%.2f%% off) "
                            + "[load %s]%n", rate, batches, measured, sweep.stepSeconds(),
                    100 * (measured - rate) / rate, load());
        }
    }

    /** A client that waits out SAVE and DEBUG RELOAD of millions of keys. */
    private static Jedis patient(RedisServer redis) {
        return new Jedis("127.0.0.1", redis.port(), (int) TimeUnit.MINUTES.toMillis(5));
    }

    private void seedAndSave(Jedis jedis, int batches) {
        long start = System.nanoTime();
        DemoKeyspace.seed(jedis, batches);
        jedis.save();
        System.out.printf("%nseeded %,d batches (%,d keys) in %.1f s%n", batches, jedis.dbSize(),
                (System.nanoTime() - start) / 1e9);
    }

    /** The keyspace as seeded, for the next contender; and the server's stats from zero. */
    private static void reset(Jedis jedis) {
        jedis.sendCommand(() -> "DEBUG".getBytes(), "RELOAD", "NOSAVE");
        jedis.configResetStat();
    }

    private record Sweep(double wallSeconds, double stepSeconds, double redisSeconds, double peakRssMiB,
                         double peakHeapMiB) {
    }

    /**
     * keysweep run sidekiq-batch-notify as a child process, under /usr/bin/time for its peak RSS.
     *
     * @param options JVM options (-X...) and keysweep options
     */
    private Sweep keysweep(RedisServer redis, Jedis jedis, String name, String... options) throws Exception {
        reset(jedis);
        Path work = Files.createDirectories(dir.resolve(name));
        List<String> jvm = new ArrayList<>();
        List<String> keysweep = new ArrayList<>();
        for (String option : options) {
            (option.startsWith("-X") ? jvm : keysweep).add(option);
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "rss-kib %M",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:gc:file=" + work.resolve("gc.log")));
        command.addAll(jvm);
        command.addAll(List.of("-jar", JarRun.jar().toString(), "run", "sidekiq-batch-notify", "--jobs-dir", "jobs",
                "--data-dir", work.resolve("data").toString(), "--redis-url", redis.url()));
        command.addAll(keysweep);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(work.resolve("out.txt").toFile())
                .redirectError(work.resolve("err.txt").toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.MINUTES)).isTrue();
        double wall = (System.nanoTime() - start) / 1e9;
        String out = Files.readString(work.resolve("out.txt"));
        String err = Files.readString(work.resolve("err.txt"));
        assertThat(process.exitValue()).as(out + err).isZero();
        Matcher elapsed = ELAPSED.matcher(out);
        assertThat(elapsed.find()).as(out).isTrue();
        Matcher rss = Pattern.compile("rss-kib (\\d+)").matcher(err);
        assertThat(rss.find()).as(err).isTrue();
        return new Sweep(wall, Double.parseDouble(elapsed.group(1)), busySeconds(jedis),
                Long.parseLong(rss.group(1)) / 1024.0, peakHeap(work.resolve("gc.log")));
    }

    private static double peakHeap(Path gcLog) throws IOException {
        Matcher m = GC_HEAP.matcher(Files.readString(gcLog));
        long peak = 0;
        while (m.find()) {
            peak = Math.max(peak, Long.parseLong(m.group(1)));
        }
        return peak;
    }

    private interface Baseline {
        void sweep(Jedis jedis);
    }

    private static double timed(RedisServer redis, Jedis jedis, Baseline baseline) {
        reset(jedis);
        try (Jedis client = patient(redis)) {
            long start = System.nanoTime();
            baseline.sweep(client);
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** What a hand-written loop does: one round trip per key for its TTL, and one per key it expires. */
    private static void perKeyBaseline(Jedis jedis) {
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<byte[]> page = jedis.scan(cursor.getBytes(), NOTIFY_PAGE);
            for (byte[] key : page.getResult()) {
                if (jedis.ttl(key) == -1) {
                    jedis.expire(key, THIRTY_DAYS);
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }

    /**
     * A tight hand-tuned script: per SCAN page (COUNT 1000 as in the per-key loop, or keysweep's 5000), one pipeline asking each key's TTL and its batch hash's TTL and
     * deleted flag, then one pipeline of EXPIRE NX for the keys without TTL, 30 days or the hash's own if longer.
     */
    private static void pipelinedBaseline(Jedis jedis, ScanParams pages) {
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<byte[]> page = jedis.scan(cursor.getBytes(), pages);
            List<byte[]> keys = page.getResult();
            List<Response<Long>> ttls = new ArrayList<>(keys.size());
            List<Response<Long>> hashTtls = new ArrayList<>(keys.size());
            Pipeline lookups = jedis.pipelined();
            for (byte[] key : keys) {
                byte[] hash = Arrays.copyOf(key, key.length - "-notify".length());
                ttls.add(lookups.pttl(key));
                hashTtls.add(lookups.pttl(hash));
                lookups.hexists(hash, DELETED);
            }
            lookups.sync();
            Pipeline expiries = jedis.pipelined();
            for (int i = 0; i < keys.size(); i++) {
                if (ttls.get(i).get() == -1) {
                    expiries.expire(keys.get(i), Math.max(THIRTY_DAYS, hashTtls.get(i).get() / 1000), ExpiryOption.NX);
                }
            }
            expiries.sync();
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }

    private static double busySeconds(Jedis jedis) {
        return jedis.info("commandstats").lines().filter(l -> l.startsWith("cmdstat_"))
                .filter(l -> !l.startsWith("cmdstat_info:") && !l.startsWith("cmdstat_debug:")
                        && !l.startsWith("cmdstat_config:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll(".*,usec=(\\d+),.*", "$1"))).sum() / 1e6;
    }

    private static void add(Map<String, List<Double>> figures, String what, double value) {
        figures.computeIfAbsent(what, k -> new ArrayList<>()).add(value);
    }

    private static void print(int batches, long keys, int runs, Map<String, List<Double>> figures) {
        System.out.printf("%nkeysweep benchmark: %,d batches, %,d keys, %,d notify keys to expire; median of %d "
                + "runs [load %s]%n", batches, keys, DemoKeyspace.leakedNotifyKeys(batches), runs, load());
        figures.forEach((what, values) -> {
            List<Double> sorted = values.stream().sorted().toList();
            System.out.printf("  %-92s %8.2f%n", what, sorted.get(sorted.size() / 2));
        });
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
