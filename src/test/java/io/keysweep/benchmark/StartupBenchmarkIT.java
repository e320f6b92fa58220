package io.keysweep.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.keysweep.testing.JarRun;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The whole process, start-up included, of {@code jobs}, {@code report} and a {@code run}
 * of the flagship job on the benchmark's keyspace (200,000 batches, 1.14M keys), started
 * as {@code java -jar target/keysweep.jar} and with the build's launcher
 * {@code target/keysweep/bin/keysweep}, side by side in one run:
 * {@code ./mvnw -B -Pbenchmark verify -Dtest=None -Dit.test=StartupBenchmarkIT -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}.
 * {@code -Dkeysweep.benchmark.baseline=DIR} adds the same two of another build, whose
 * {@code target} directory is DIR (e.g. main's), to compare a change with what it
 * changes. Wall time and CPU time (user and system, of the process and its children),
 * medians of {@code -Dkeysweep.benchmark.runs} (default 3); numbers, not assertions: it
 * asserts only that each command succeeded and each run did the whole job.
 */
@Tag("benchmark")
class StartupBenchmarkIT {

	/** Linux's USER_HZ, the unit of /proc's CPU times: 100 on every mainstream kernel. */
	private static final double TICKS_PER_SECOND = 100;

	@TempDir
	Path dir;

	@Test
	void jarAgainstLauncher() throws Exception {
		int runs = Integer.getInteger("keysweep.benchmark.runs", 3);
		int batches = Integer.getInteger("keysweep.benchmark.batches", 200_000);
		String jobs = Path.of("jobs").toAbsolutePath().toString();
		Map<String, List<String>> launches = launches();
		BenchmarkTable table = new BenchmarkTable();
		try (RedisServer redis = RedisServer.latest("--enable-debug-command", "yes");
				Jedis jedis = new Jedis("127.0.0.1", redis.port(), 300_000)) {
			Contenders.seedAndSave(jedis, batches);
			for (int run = 0; run < runs; run++) {
				int contender = 0;
				for (Map.Entry<String, List<String>> launch : launches.entrySet()) {
					Path work = dir.resolve(run + "-" + contender++);
					String data = work.resolve("data").toString();
					Contenders.reset(jedis);
					timed(table, "run sidekiq-batch-notify, whole process: " + launch.getKey(), launch.getValue(),
							work.resolve("run"), "run", "sidekiq-batch-notify", "--jobs-dir", jobs, "--data-dir", data,
							"--redis-url", redis.url());
					Contenders.assertWholeJobDone(jedis, launch.getKey());
					timed(table, "jobs: " + launch.getKey(), launch.getValue(), work.resolve("jobs"), "jobs",
							"--jobs-dir", jobs, "--data-dir", data);
					timed(table, "report: " + launch.getKey(), launch.getValue(), work.resolve("report"), "report",
							"--data-dir", data);
				}
			}
		}
		table.print(String.format("keysweep's whole process in seconds (wall, CPU), %,d batches, median of %d runs",
				batches, runs));
	}

	/**
	 * This build's two ways to start, after those of the baseline build if one is given
	 * (its launcher only if it has one).
	 */
	private static Map<String, List<String>> launches() {
		Map<String, List<String>> launches = new LinkedHashMap<>();
		String baseline = System.getProperty("keysweep.benchmark.baseline", "");
		if (!baseline.isEmpty()) {
			Path target = Path.of(baseline).toAbsolutePath();
			launches.put("java -jar " + target.resolve("keysweep.jar"),
					List.of(JarRun.javaJar().get(0), "-jar", target.resolve("keysweep.jar").toString()));
			// a build from before the launcher existed has only its jar
			Path launcher = target.resolve("keysweep/bin/keysweep");
			if (Files.isExecutable(launcher)) {
				launches.put(launcher.toString(), List.of(launcher.toString()));
			}
		}
		launches.put("java -jar target/keysweep.jar", JarRun.javaJar());
		launches.put("target/keysweep/bin/keysweep", List.of(JarRun.launcher().toString()));
		return launches;
	}

	/**
	 * Adds the command's wall time and CPU time to the table. The CPU time is what the
	 * process and its children used: the growth of this JVM's reaped children's times,
	 * which keysweep's process joins when it is waited for.
	 */
	private static void timed(BenchmarkTable table, String what, List<String> keysweep, Path logs, String... args)
			throws Exception {
		double cpuBefore = childrenCpuSeconds();
		long start = System.nanoTime();
		JarRun.Result result = JarRun.run(keysweep, logs, Map.of(), args);
		double seconds = (System.nanoTime() - start) / 1e9;
		assertThat(result.exitCode()).as(result.err()).isZero();
		table.add(what + ", wall", seconds);
		table.add(what + ", CPU", childrenCpuSeconds() - cpuBefore);
	}

	/**
	 * cutime and cstime of /proc/self/stat: the CPU time of this JVM's reaped children.
	 */
	private static double childrenCpuSeconds() throws IOException {
		String stat = Files.readString(Path.of("/proc/self/stat"));
		// the fields after the command's name, which is in parentheses and may hold
		// spaces;
		// the first of them is the stat's third field, and cutime and cstime its 16th and
		// 17th
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / TICKS_PER_SECOND;
	}

}
