package io.keysweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.keysweep.demo.DemoKeyspace;
import io.keysweep.testing.JarRun;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The fast start the build makes beside the jar, {@code target/keysweep/bin/keysweep},
 * lists the jobs and sweeps a test Redis as {@code java -jar} does, with its
 * class-data-sharing archive in use.
 */
class LauncherIT {

	private static final int BATCHES = 2_000;

	@TempDir
	Path dir;

	@Test
	void theLauncherListsTheJobsAndSweeps() throws Exception {
		List<String> launcher = List.of(JarRun.launcher().toString());
		Path data = dir.resolve("data");
		String jobs = Path.of("jobs").toAbsolutePath().toString();
		try (RedisServer redis = RedisServer.latest(); Jedis jedis = redis.client()) {
			DemoKeyspace.seed(jedis, BATCHES);

			JarRun.Result run = JarRun.run(launcher, dir.resolve("run"), Map.of(), "run", "sidekiq-batch-notify",
					"--jobs-dir", jobs, "--data-dir", data.toString(), "--redis-url", redis.url());

			assertThat(run.exitCode()).as(run.err()).isZero();
			assertThat(run.out()).contains("sidekiq-batch-notify: COMPLETED");
			assertThat(notifyKeysWithoutTtl(jedis)).isZero();
			assertThat(JobRepositoryRows.jobExecutions(data)).extracting(JobRepositoryRows.JobExecutionRow::status)
				.containsExactly("COMPLETED");
		}
		// -Xshare:on: the JVM refuses to start unless it can map the build's archive
		JarRun.Result listed = JarRun.run(launcher, dir.resolve("jobs"), Map.of("KEYSWEEP_JAVA_OPTS", "-Xshare:on"),
				"jobs", "--jobs-dir", jobs, "--data-dir", data.toString());

		assertThat(listed.exitCode()).as(listed.err()).isZero();
		assertThat(listed.out())
			.containsPattern("sidekiq-batch-notify +sweep +yes +- +- +COMPLETED #1 .* on \\S+:\\d+");
	}

	private static long notifyKeysWithoutTtl(Jedis jedis) {
		return jedis.keys("b-*-notify").stream().filter(key -> jedis.ttl(key) == -1).count();
	}

}
