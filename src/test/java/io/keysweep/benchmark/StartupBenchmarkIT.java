package io.keysweep.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
 * Medians of {@code -Dkeysweep.benchmark.runs} (default 3); numbers, not assertions: it
 * asserts only that each command succeeded and each run did the whole job.
 */
@Tag("benchmark")
class StartupBenchmarkIT {

	@TempDir
	Path dir;

	@Test
	void jarAgainstLauncher() throws Exception {
		int runs = Integer.getInteger("keysweep.benchmark.runs", 3);
		int batches = Integer.getInteger("keysweep.benchmark.batches", 200_000);
		Map<String, List<String>> launches = Map.of("java -jar target/keysweep.jar", JarRun.javaJar(),
				"target/keysweep/bin/keysweep", List.of(JarRun.launcher().toString()));
		String jobs = Path.of("jobs").toAbsolutePath().toString();
		BenchmarkTable table = new BenchmarkTable();
		try (RedisServer redis = RedisServer.latest("--enable-debug-command", "yes");
				Jedis jedis = new Jedis("127.0.0.1", redis.port(), 300_000)) {
			Contenders.seedAndSave(jedis, batches);
			for (int run = 0; run < runs; run++) {
				for (Map.Entry<String, List<String>> launch : launches.entrySet()) {
					Path work = dir.resolve(run + "-" + launch.getValue().size());
					String data = work.resolve("data").toString();
					Contenders.reset(jedis);
					table.add("run sidekiq-batch-notify, whole process: " + launch.getKey(),
							timed(launch.getValue(), work.resolve("run"), "run", "sidekiq-batch-notify", "--jobs-dir",
									jobs, "--data-dir", data, "--redis-url", redis.url()));
					Contenders.assertWholeJobDone(jedis, launch.getKey());
					table.add("jobs: " + launch.getKey(), timed(launch.getValue(), work.resolve("jobs"), "jobs",
							"--jobs-dir", jobs, "--data-dir", data));
					table.add("report: " + launch.getKey(),
							timed(launch.getValue(), work.resolve("report"), "report", "--data-dir", data));
				}
			}
		}
		table
			.print(String.format("keysweep's whole process in seconds, %,d batches, median of %d runs", batches, runs));
	}

	private static double timed(List<String> keysweep, Path logs, String... args) throws Exception {
		long start = System.nanoTime();
		JarRun.Result result = JarRun.run(keysweep, logs, Map.of(), args);
		double seconds = (System.nanoTime() - start) / 1e9;
		assertThat(result.exitCode()).as(result.err()).isZero();
		return seconds;
	}

}
