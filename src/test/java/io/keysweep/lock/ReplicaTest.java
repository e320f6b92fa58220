package io.keysweep.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A read-only replica: a dry run works there and writes nothing, not even its lock; a
 * real sweep is refused with one line that names the master to sweep instead.
 */
class ReplicaTest {

	private static RedisServer master;

	private static RedisServer replica;

	private static List<String> leaked;

	@TempDir
	Path dir;

	@BeforeAll
	static void replicate() {
		master = RedisServer.latest();
		replica = RedisServer.latest("--replicaof", "127.0.0.1", String.valueOf(master.port()));
		try (Jedis jedis = master.client()) {
			leaked = BatchKeys.leaked(jedis, 30);
		}
		try (Jedis jedis = replica.client()) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> jedis.info("replication").contains("master_link_status:up")
						&& jedis.exists(leaked.get(leaked.size() - 1)));
		}
	}

	@AfterAll
	static void stop() {
		replica.close();
		master.close();
	}

	@Test
	void aDryRunAgainstAReplicaWorksAndWritesNothing() {
		Cli.Result dry = run("--dry-run");

		assertThat(dry.exitCode()).as(dry.err()).isZero();
		assertThat(dry.out()).contains("would expire 30");
		for (RedisServer server : List.of(master, replica)) {
			try (Jedis jedis = server.client()) {
				assertThat(jedis.ttl(leaked.get(0))).isEqualTo(-1);
				assertThat(jedis.keys("keysweep:lock:*")).isEmpty();
			}
		}
	}

	@Test
	void aRealSweepAgainstAReplicaExitsTwoNamingTheMaster() {
		Cli.Result real = run();

		assertThat(real.exitCode()).as(real.err()).isEqualTo(2);
		assertThat(real.err().strip().lines()).singleElement()
			.asString()
			.startsWith("keysweep: Redis at 127.0.0.1:" + replica.port() + " is a replica of 127.0.0.1:" + master.port()
					+ ": ");
		try (Jedis jedis = master.client()) {
			assertThat(jedis.ttl(leaked.get(0))).isEqualTo(-1);
		}
	}

	private Cli.Result run(String... options) {
		List<String> args = new java.util.ArrayList<>(
				List.of("run", "sidekiq-batch-notify", "--jobs-dir", Definitions.SHIPPED.toString(), "--data-dir",
						dir.resolve("data").toString(), "--redis-url", replica.url()));
		args.addAll(List.of(options));
		return Cli.run(args.toArray(String[]::new));
	}

}
