package io.keysweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;

import io.keysweep.testing.JarRun;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The job repository is one H2 file that several keysweep processes use at once (a sweep,
 * and a report or stop from another terminal): this JVM holds it open while the packaged
 * jar, a second process, runs a sweep in it.
 */
class SharedJobRepositoryIT {

	@Test
	void aSecondProcessUsesTheJobRepositoryWhileAnotherHoldsItOpen(@TempDir Path dir) throws Exception {
		Path data = dir.resolve("data");
		try (RedisServer redis = RedisServer.latest("--requirepass", "pa55-from-env");
				Connection held = DriverManager.getConnection(
						"jdbc:h2:file:" + data.toAbsolutePath().resolve("keysweep") + ";AUTO_SERVER=TRUE", "sa", "")) {
			try (Jedis jedis = redis.client()) {
				jedis.auth("pa55-from-env");
				jedis.set("b-sharedRepo0000-notify", "1");
			}

			JarRun.Result result = JarRun.run(dir.resolve("logs"),
					Map.of("REDIS_URL", redis.url(), "REDIS_PASSWORD", "pa55-from-env"), "run", "sidekiq-batch-notify",
					"--data-dir", data.toString(), "--jobs-dir", "jobs");

			assertThat(result.exitCode()).as(result.err()).isZero();
			assertThat(result.out()).contains("sidekiq-batch-notify: COMPLETED")
				.contains("expired 1")
				.doesNotContain("pa55-from-env");
			assertThat(result.err()).isEmpty();
			try (ResultSet rows = held.createStatement()
				.executeQuery("SELECT STATUS FROM BATCH_JOB_EXECUTION E JOIN BATCH_JOB_INSTANCE I"
						+ " ON E.JOB_INSTANCE_ID = I.JOB_INSTANCE_ID WHERE I.JOB_NAME = 'sidekiq-batch-notify'")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString(1)).isEqualTo("COMPLETED");
			}
			try (Jedis jedis = redis.client()) {
				jedis.auth("pa55-from-env");
				assertThat(jedis.ttl("b-sharedRepo0000-notify")).isGreaterThan(2_591_000L);
			}
		}
	}

}
