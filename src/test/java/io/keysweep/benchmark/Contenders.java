package io.keysweep.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.keysweep.demo.DemoKeyspace;
import io.keysweep.testing.JarRun;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * keysweep and what a user would otherwise write, for the benchmarks. Each contender
 * starts from the keyspace as it was saved (DEBUG RELOAD NOSAVE) with the server's stats
 * from zero, so that all see the same keys and {@code INFO commandstats} counts only the
 * commands of the one that ran last.
 */
final class Contenders {

	private static final long THIRTY_DAYS = 2_592_000;

	private static final String NOTIFY_KEYS = "b-*-notify";

	private static final byte[] DELETED = "deleted".getBytes();

	private static final Pattern ELAPSED = Pattern.compile("elapsed ([0-9.]+) s");

	private static final Pattern TIME_REPORT = Pattern.compile("rss-kib (\\d+) cpu ([0-9.]+) ([0-9.]+)");

	private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->\\d+M\\(\\d+M\\)");

	private Contenders() {
	}

	/**
	 * @param peakRssMiB the process's peak resident set, from {@code /usr/bin/time}
	 * @param peakHeapMiB the fullest the heap was before a collection, from the GC log
	 */
	record KeysweepRun(double wallSeconds, double stepSeconds, double redisBusySeconds, double peakRssMiB,
			double peakHeapMiB, double cpuSeconds) {
	}

	/** How keysweep is started: which jar, with which JVM options. */
	record Launch(Path jar, List<String> jvmOptions) {

		/**
		 * {@code java -Xmx128m -jar target/keysweep.jar}, as the README's quick start.
		 */
		static Launch plain() {
			return plain(JarRun.jar());
		}

		/** {@code java -Xmx128m -jar} that jar: this build's or another's. */
		static Launch plain(Path jar) {
			return new Launch(jar, List.of("-Xmx128m"));
		}

		/**
		 * The README's fast start: the jar extracted, a class-data-sharing archive from a
		 * training run, C1 only and the serial collector.
		 */
		static Launch fastStart(Path dir) throws Exception {
			return fastStart(dir, JarRun.jar());
		}

		/** The fast start of that jar: this build's or another's. */
		static Launch fastStart(Path dir, Path keysweepJar) throws Exception {
			Path layout = dir.resolve("keysweep");
			run(dir, List.of(java(), "-Djarmode=tools", "-jar", keysweepJar.toString(), "extract", "--destination",
					layout.toString()));
			Path jar = layout.resolve("keysweep.jar");
			Path archive = layout.resolve("keysweep.jsa");
			run(dir, List.of(java(), "-XX:ArchiveClassesAtExit=" + archive, "-jar", jar.toString(), "jobs",
					"--jobs-dir", Path.of("jobs").toAbsolutePath().toString()));
			return new Launch(jar, List.of("-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1",
					"-XX:+UseSerialGC", "-Xmx128m"));
		}
	}

	/**
	 * {@code java [jvm options] -jar keysweep.jar run sidekiq-batch-notify [options]}
	 * against that Redis, with a job repository of its own under {@code work}, under
	 * {@code /usr/bin/time} for its peak RSS.
	 */
	static KeysweepRun keysweep(Jedis admin, String redisUrl, Path work, Launch launch, String... options)
			throws Exception {
		return keysweep(admin, redisUrl, work, launch, Path.of("jobs"), options);
	}

	/** As above, with the definition from another jobs directory. */
	static KeysweepRun keysweep(Jedis admin, String redisUrl, Path work, Launch launch, Path jobs, String... options)
			throws Exception {
		reset(admin);
		return keysweepAsIs(admin, redisUrl, work, launch, jobs, options);
	}

	/**
	 * As above, on the keyspace as it is: the caller reset it, before something that must
	 * not see the reset.
	 */
	static KeysweepRun keysweepAsIs(Jedis admin, String redisUrl, Path work, Launch launch, Path jobs,
			String... options) throws Exception {
		List<String> arguments = new ArrayList<>(List.of("run", "sidekiq-batch-notify", "--jobs-dir",
				jobs.toAbsolutePath().toString(), "--redis-url", redisUrl));
		arguments.addAll(Arrays.asList(options));
		Finished sweep = keysweepProcess(work, launch, arguments);
		Matcher elapsed = ELAPSED.matcher(sweep.out());
		assertThat(elapsed.find()).as(sweep.out()).isTrue();
		return new KeysweepRun(sweep.wallSeconds(), Double.parseDouble(elapsed.group(1)), busySeconds(admin),
				sweep.peakRssMiB(), sweep.peakHeapMiB(), sweep.cpuSeconds());
	}

	/**
	 * One keysweep process: what it printed, how long it took, its peak RSS, the fullest
	 * its heap was before a collection, and the CPU time (user and system) it used.
	 */
	record Finished(String out, double wallSeconds, double peakRssMiB, double peakHeapMiB, double cpuSeconds) {
	}

	/**
	 * {@code java [jvm options] -jar keysweep.jar <arguments>} with a job repository of
	 * its own under {@code work}, under {@code /usr/bin/time} for its peak RSS and CPU
	 * time, with a GC log for its peak heap; it must exit 0.
	 */
	static Finished keysweepProcess(Path work, Launch launch, List<String> arguments) throws Exception {
		Files.createDirectories(work);
		List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f", "rss-kib %M cpu %U %S", java(),
				"-Xlog:gc:file=" + work.resolve("gc.log")));
		command.addAll(launch.jvmOptions());
		command.addAll(List.of("-jar", launch.jar().toString()));
		command.addAll(arguments);
		command.addAll(List.of("--data-dir", work.resolve("data").toString()));
		long start = System.nanoTime();
		String out = run(work, command);
		double wall = (System.nanoTime() - start) / 1e9;
		Matcher time = TIME_REPORT.matcher(out);
		assertThat(time.find()).as(out).isTrue();
		return new Finished(out, wall, Long.parseLong(time.group(1)) / 1024.0, peakHeapMiB(work.resolve("gc.log")),
				Double.parseDouble(time.group(2)) + Double.parseDouble(time.group(3)));
	}

	/**
	 * A baseline in a JVM of its own, as a hand-written tool would run: the seconds its
	 * loop took, JVM start-up left out, as keysweep's step is.
	 */
	static double inFreshJvm(Jedis admin, String host, int port, String baseline, int scanCount, Path work)
			throws Exception {
		reset(admin);
		return inFreshJvmAsIs(host, port, baseline, scanCount, work);
	}

	/** As above, on the keyspace as it is. */
	static double inFreshJvmAsIs(String host, int port, String baseline, int scanCount, Path work) throws Exception {
		Files.createDirectories(work);
		String out = run(work, List.of(java(), "-cp", System.getProperty("java.class.path"), Contenders.class.getName(),
				baseline, host, String.valueOf(port), String.valueOf(scanCount)));
		Matcher elapsed = ELAPSED.matcher(out);
		assertThat(elapsed.find()).as(out).isTrue();
		return Double.parseDouble(elapsed.group(1));
	}

	/**
	 * The child process of {@link #inFreshJvm}:
	 * {@code per-key|pipelined|census host port scan-count}.
	 */
	public static void main(String[] args) {
		try (Jedis jedis = new Jedis(args[1], Integer.parseInt(args[2]), (int) TimeUnit.MINUTES.toMillis(5))) {
			long start = System.nanoTime();
			switch (args[0]) {
				case "per-key" -> perKey(jedis);
				case "census" -> census(jedis, Integer.parseInt(args[3]));
				default -> pipelined(jedis, Integer.parseInt(args[3]));
			}
			System.out.printf("elapsed %.3f s%n", (System.nanoTime() - start) / 1e9);
		}
	}

	/**
	 * Runs a command to its end in {@code work}, and returns what it printed; it must
	 * exit 0.
	 */
	private static String run(Path work, List<String> command) throws Exception {
		Files.createDirectories(work);
		Path output = Files.createTempFile(work, "output", ".txt");
		ProcessBuilder builder = new ProcessBuilder(Cpus.contender(command)).redirectErrorStream(true)
			.redirectOutput(output.toFile());
		// a password or URL of the machine's own Redis must not reach the sweep
		builder.environment().keySet().removeIf(k -> k.startsWith("REDIS_") || k.startsWith("SPRING_"));
		Process process = builder.start();
		if (!process.waitFor(30, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException(command.get(0) + " did not finish in 30 minutes");
		}
		String out = Files.readString(output);
		assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
		return out;
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static double peakHeapMiB(Path gcLog) throws Exception {
		Matcher m = GC_HEAP.matcher(Files.readString(gcLog));
		long peak = 0;
		while (m.find()) {
			peak = Math.max(peak, Long.parseLong(m.group(1)));
		}
		return peak;
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

	/**
	 * What a hand-written loop does: one round trip per key for its TTL, and one per key
	 * it expires.
	 */
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
		}
		while (!cursor.equals(ScanParams.SCAN_POINTER_START));
	}

	/**
	 * A tight hand-tuned loop: per SCAN page, one pipeline asking each key's TTL and its
	 * batch hash's TTL and deleted flag, then one pipeline of EXPIRE NX for the keys
	 * without TTL, 30 days or the hash's own if longer.
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
		}
		while (!cursor.equals(ScanParams.SCAN_POINTER_START));
	}

	/**
	 * What an audit does at the least, by hand: per SCAN page of every key, one pipeline
	 * of {@code TYPE} and {@code PTTL} for each key, the keys counted by type and those
	 * without a TTL; no pattern, no memory.
	 * @return keys read, and of them without a TTL
	 */
	static long[] census(Jedis jedis, int scanCount) {
		ScanParams pages = new ScanParams().count(scanCount);
		Map<String, Long> byType = new HashMap<>();
		long withoutTtl = 0;
		String cursor = ScanParams.SCAN_POINTER_START;
		do {
			ScanResult<byte[]> page = jedis.scan(cursor.getBytes(), pages);
			Pipeline lookups = jedis.pipelined();
			List<Response<String>> types = new ArrayList<>(page.getResult().size());
			List<Response<Long>> ttls = new ArrayList<>(page.getResult().size());
			for (byte[] key : page.getResult()) {
				types.add(lookups.type(key));
				ttls.add(lookups.pttl(key));
			}
			lookups.sync();
			for (int i = 0; i < types.size(); i++) {
				byType.merge(types.get(i).get(), 1L, Long::sum);
				withoutTtl += ttls.get(i).get() == -1 ? 1 : 0;
			}
			cursor = page.getCursor();
		}
		while (!cursor.equals(ScanParams.SCAN_POINTER_START));
		return new long[] { byType.values().stream().mapToLong(Long::longValue).sum(), withoutTtl };
	}

	/**
	 * Seeds a new server with the demo's keyspace and saves it, for {@link #reset} to
	 * restore it.
	 */
	static void seedAndSave(Jedis jedis, int batches) {
		assertThat(jedis.dbSize()).as("a new server, nothing to overwrite").isZero();
		long start = System.nanoTime();
		DemoKeyspace.seed(jedis, batches);
		jedis.save();
		System.out.printf("%nseeded %,d batches (%,d keys) in %.1f s%n", batches, jedis.dbSize(),
				(System.nanoTime() - start) / 1e9);
	}

	/** Read after the contender's busy time, so that this check is not counted in it. */
	static void assertWholeJobDone(Jedis jedis, String contender) {
		assertThat(notifyKeysWithoutTtl(jedis)).as("notify keys %s left without a TTL", contender).isZero();
	}

	/** Notify keys still without a TTL: none once a contender has done the whole job. */
	private static long notifyKeysWithoutTtl(Jedis jedis) {
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
		}
		while (!cursor.equals(ScanParams.SCAN_POINTER_START));
		return withoutTtl;
	}

	/**
	 * The keyspace as last saved, for the next contender; and the server's stats from
	 * zero.
	 */
	static void reset(Jedis jedis) {
		jedis.sendCommand(() -> "DEBUG".getBytes(), "RELOAD", "NOSAVE");
		jedis.configResetStat();
	}

	/**
	 * Seconds Redis spent executing commands since the last reset, less those of the
	 * benchmark's own upkeep.
	 */
	static double busySeconds(Jedis jedis) {
		return jedis.info("commandstats")
			.lines()
			.filter(l -> l.startsWith("cmdstat_"))
			.filter(l -> !l.startsWith("cmdstat_info:") && !l.startsWith("cmdstat_debug:")
					&& !l.startsWith("cmdstat_config:"))
			.mapToLong(l -> Long.parseLong(l.replaceAll(".*,usec=(\\d+),.*", "$1")))
			.sum() / 1e6;
	}

}
