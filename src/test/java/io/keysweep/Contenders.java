package io.keysweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.keysweep.testing.JarRun;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * keysweep and what a user would otherwise write, for the benchmarks. Each contender starts from the keyspace as
 * it was saved (DEBUG RELOAD NOSAVE) with the server's stats from zero, so that all see the same keys and
 * {@code INFO commandstats} counts only the commands of the one that ran last.
 */
final class Contenders {

    private static final long THIRTY_DAYS = 2_592_000;
    private static final String NOTIFY_KEYS = "b-*-notify";
    private static final byte[] DELETED = "deleted".getBytes();
    private static final Pattern ELAPSED = Pattern.compile("elapsed ([0-9.]+) s");

    private Contenders() {
    }

    record KeysweepRun(double wallSeconds, double stepSeconds, double redisBusySeconds) {
    }

    /**
     * {@code java [jvmOptions] -jar keysweep.jar run sidekiq-batch-notify} against that Redis, with a job repository
     * of its own under {@code work}.
     */
    static KeysweepRun keysweep(Jedis admin, String redisUrl, Path work, String... jvmOptions) throws Exception {
        reset(admin);
        Files.createDirectories(work);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(Arrays.asList(jvmOptions));
        command.addAll(List.of("-jar", JarRun.jar().toString(), "run", "sidekiq-batch-notify", "--jobs-dir", "jobs",
                "--data-dir", work.resolve("data").toString(), "--redis-url", redisUrl));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(work.resolve("out.txt").toFile())
                .redirectError(work.resolve("err.txt").toFile());
        // a password or URL of the machine's own Redis must not reach the sweep
        builder.environment().keySet().removeIf(k -> k.startsWith("REDIS_") || k.startsWith("SPRING_"));
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("keysweep did not finish in 30 minutes");
        }
        double wall = (System.nanoTime() - start) / 1e9;
        String out = Files.readString(work.resolve("out.txt"));
        assertThat(process.exitValue()).as(out + Files.readString(work.resolve("err.txt"))).isZero();
        Matcher elapsed = ELAPSED.matcher(out);
        assertThat(elapsed.find()).as(out).isTrue();
        return new KeysweepRun(wall, Double.parseDouble(elapsed.group(1)), busySeconds(admin));
    }

    /** Seconds the baseline takes on a fresh connection from {@code clients}. */
    static double timed(Jedis admin, Supplier<Jedis> clients, Consumer<Jedis> baseline) {
        reset(admin);
        try (Jedis client = clients.get()) {
            long start = System.nanoTime();
            baseline.accept(client);
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** What a hand-written loop does: one round trip per key for its TTL, and one per key it expires. */
    static void perKey(Jedis jedis) {
        ScanParams pages = new ScanParams().match(NOTIFY_KEYS).count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<byte[]> page = jedis.scan(cursor.getBytes(), pages);
            for (byte[] key : page.getResult()) {
                if (jedis.ttl(key) == -1) {
                    jedis.expire(key, THIRTY_DAYS);
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }

    /**
     * A tight hand-tuned loop: per SCAN page, one pipeline asking each key's TTL and its batch hash's TTL and
     * deleted flag, then one pipeline of EXPIRE NX for the keys without TTL, 30 days or the hash's own if longer.
     */
    static void pipelined(Jedis jedis, int scanCount) {
        ScanParams pages = new ScanParams().match(NOTIFY_KEYS).count(scanCount);
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

    /** Notify keys still without a TTL: none once a contender has done the whole job. */
    static long notifyKeysWithoutTtl(Jedis jedis) {
        ScanParams pages = new ScanParams().match(NOTIFY_KEYS).count(1000);
        long withoutTtl = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<byte[]> page = jedis.scan(cursor.getBytes(), pages);
            Pipeline lookups = jedis.pipelined();
            List<Response<Long>> ttls = page.getResult().stream().map(lookups::ttl).toList();
            lookups.sync();
            withoutTtl += ttls.stream().filter(ttl -> ttl.get() == -1).count();
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return withoutTtl;
    }

    /** The keyspace as last saved, for the next contender; and the server's stats from zero. */
    static void reset(Jedis jedis) {
        jedis.sendCommand(() -> "DEBUG".getBytes(), "RELOAD", "NOSAVE");
        jedis.configResetStat();
    }

    /** Seconds Redis spent executing commands since the last reset, less those of the benchmark's own upkeep. */
    static double busySeconds(Jedis jedis) {
        return jedis.info("commandstats").lines().filter(l -> l.startsWith("cmdstat_"))
                .filter(l -> !l.startsWith("cmdstat_info:") && !l.startsWith("cmdstat_debug:")
                        && !l.startsWith("cmdstat_config:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll(".*,usec=(\\d+),.*", "$1"))).sum() / 1e6;
    }
}
