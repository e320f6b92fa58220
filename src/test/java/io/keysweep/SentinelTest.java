package io.keysweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.keysweep.batch.SweepParameters;
import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.report.RunRecord;
import io.keysweep.tally.SweepCounts;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.JobRepositoryRows.JobExecutionRow;
import io.keysweep.testing.KeysweepAcl;
import io.keysweep.testing.NotifyCounters;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.Seeder;
import io.keysweep.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.ItemReadListener;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * A master, a replica and a sentinel: the sweep follows the sentinel to the master, also
 * after a failover; a sentinel that asks for a password gets its own, and one that
 * refuses it stops the run before a key is touched.
 */
class SentinelTest {

	private static final int KEYS = 100;

	/** The sentinels' {@code requirepass}: not the master's. */
	private static final String SENTINEL_PASSWORD = "sentinel-s3cret";

	/** An ACL user of the sentinels that may only ask where the master is. */
	private static final String SENTINEL_USER = "keysweep-sentinel";

	private static final String SENTINEL_USER_PASSWORD = "sentinel-user-s3cret";

	private static final String WRONG_PASSWORD = "guessed-wrong";

	@TempDir
	Path dir;

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aSweepAsksAPasswordProtectedSentinelWithSpringBootsSentinelCredentials(CapturedOutput logs)
			throws IOException {
		try (RedisServer master = seededMaster();
				RedisServer sentinel = RedisServer.sentinelOf(master, "requirepass " + SENTINEL_PASSWORD)) {
			Cli.Result result = runWithSentinelPassword(sentinel, SENTINEL_PASSWORD);

			assertThat(result.exitCode()).as(result.err()).isZero();
			assertThat(NotifyCounters.withoutTtl(master, KEYS)).isZero();
			assertThat(JobRepositoryRows.parameters(dir.resolve("data"), 1)).containsEntry("redis",
					"mymaster via sentinel 127.0.0.1:" + sentinel.port());
			assertNoSecretIn(result.out() + result.err() + logs.getAll());
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aSentinelRefusingTheCredentialsIsOneLineAndExitCode2AndNothingIsSwept(CapturedOutput logs) throws IOException {
		try (RedisServer master = seededMaster();
				RedisServer sentinel = RedisServer.sentinelOf(master, "requirepass " + SENTINEL_PASSWORD)) {
			for (String password : new String[] { WRONG_PASSWORD, null }) {
				Cli.Result result = runWithSentinelPassword(sentinel, password);

				assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
				assertThat(result.err().strip().lines()).as("one line, no stack trace")
					.singleElement()
					.asString()
					.startsWith("keysweep: sentinel 127.0.0.1:" + sentinel.port()
							+ " of master 'mymaster' refused the sentinel credentials")
					.contains(password == null ? "NOAUTH" : "WRONGPASS");
				assertThat(result.out()).isEmpty();
				assertNoSecretIn(result.err() + logs.getAll());
				assertThat(NotifyCounters.withoutTtl(master, KEYS)).isEqualTo(KEYS);
				assertThat(JobRepositoryRows.jobExecutions(dir.resolve("data"))).isEmpty();
			}
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aTargetLogsInToItsSentinelsWithTheirPasswordFileAndAnotherRefusedFailsAlone(CapturedOutput logs)
			throws IOException {
		try (RedisServer master = seededMaster();
				RedisServer other = seededMaster();
				RedisServer sentinel = RedisServer.sentinelOf(master,
						"sentinel monitor other 127.0.0.1 " + other.port() + " 1", "requirepass " + SENTINEL_PASSWORD,
						"user " + SENTINEL_USER + " on >" + SENTINEL_USER_PASSWORD
								+ " -@all +sentinel|get-master-addr-by-name")) {
			Files.writeString(dir.resolve("data.password"), KeysweepAcl.PASSWORD + "\n");
			Files.writeString(dir.resolve("sentinel.password"), SENTINEL_USER_PASSWORD + "\n");
			Files.writeString(dir.resolve("wrong.password"), WRONG_PASSWORD + "\n");
			Path targets = Files.writeString(dir.resolve("targets.yml"), """
					keysweep:
					  targets:
					    refused:
					      sentinel:
					        master: other
					        nodes: [127.0.0.1:%1$d]
					        username: %2$s
					        password-file: %3$s
					      username: keysweep
					      password-file: %4$s
					    swept:
					      sentinel:
					        master: mymaster
					        nodes: [127.0.0.1:%1$d]
					        username: %2$s
					        password-file: %5$s
					      username: keysweep
					      password-file: %4$s
					""".formatted(sentinel.port(), SENTINEL_USER, dir.resolve("wrong.password"),
					dir.resolve("data.password"), dir.resolve("sentinel.password")));

			Cli.Result result = Cli.run("run", "--all", "--targets", targets.toString(), "--jobs-dir",
					dir.resolve("jobs").toString(), "--data-dir", dir.resolve("data").toString());

			assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
			assertThat(result.out()).contains("=== target refused: exit code 2")
				.contains("=== target swept: exit code 0");
			assertThat(result.err()).contains(
					"sentinel 127.0.0.1:" + sentinel.port() + " of master 'other' refused the sentinel credentials");
			assertThat(NotifyCounters.withoutTtl(master, KEYS)).isZero();
			assertThat(NotifyCounters.withoutTtl(other, KEYS)).isEqualTo(KEYS);
			assertNoSecretIn(result.out() + result.err() + logs.getAll());
			List<JobExecutionRow> executions = JobRepositoryRows.jobExecutions(dir.resolve("data"));
			assertThat(executions).extracting(JobExecutionRow::status).containsExactly("COMPLETED");
			assertThat(JobRepositoryRows.parameters(dir.resolve("data"), executions.get(0).id())).containsEntry("redis",
					"swept");
		}
	}

	@Test
	void bootsSentinelCredentialsForARedisNamedDirectlyAreRefused() throws IOException {
		Definitions.write(dir.resolve("jobs"), "notify", Definitions.notifyYaml(NotifyCounters.MATCH, 50, 50));
		int port = RedisServer.freePort();
		System.setProperty("spring.data.redis.port", String.valueOf(port));
		System.setProperty("spring.data.redis.sentinel.password", SENTINEL_PASSWORD);
		try {
			Cli.Result result = Cli.run("run", "notify", "--jobs-dir", dir.resolve("jobs").toString(), "--data-dir",
					dir.resolve("data").toString());

			assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
			assertThat(result.err().strip().lines()).singleElement()
				.isEqualTo("keysweep: spring.data.redis.sentinel.username or password given, but Redis at localhost:"
						+ port + " is named directly, not found through sentinels: name the master and its "
						+ "sentinels, or leave the sentinels' credentials out");
		}
		finally {
			System.clearProperty("spring.data.redis.port");
			System.clearProperty("spring.data.redis.sentinel.password");
		}
	}

	/**
	 * A master with {@link #KEYS} counters to expire and keysweep's ACL user, whose
	 * password is not the sentinels'.
	 */
	private RedisServer seededMaster() throws IOException {
		Definitions.write(dir.resolve("jobs"), "notify", Definitions.notifyYaml(NotifyCounters.MATCH, 50, 50));
		RedisServer master = RedisServer.latest();
		try (Jedis jedis = master.client(); Pipeline pipeline = jedis.pipelined()) {
			KeysweepAcl.grant(jedis, KeysweepAcl.RULES);
			NotifyCounters.seed(pipeline, KEYS);
			pipeline.sync();
		}
		return master;
	}

	/**
	 * {@code run notify} through the sentinel, logging in to the master as keysweep's ACL
	 * user and to the sentinel with Spring Boot's
	 * {@code spring.data.redis.sentinel.password} (none when null).
	 */
	private Cli.Result runWithSentinelPassword(RedisServer sentinel, String password) {
		System.setProperty("spring.data.redis.username", KeysweepAcl.USER);
		System.setProperty("spring.data.redis.password", KeysweepAcl.PASSWORD);
		if (password != null) {
			System.setProperty("spring.data.redis.sentinel.password", password);
		}
		try {
			return Cli.run("run", "notify", "--redis-url",
					"redis-sentinel://127.0.0.1:" + sentinel.port() + "/mymaster", "--jobs-dir",
					dir.resolve("jobs").toString(), "--data-dir", dir.resolve("data").toString());
		}
		finally {
			System.clearProperty("spring.data.redis.username");
			System.clearProperty("spring.data.redis.password");
			System.clearProperty("spring.data.redis.sentinel.password");
		}
	}

	/**
	 * No password in what keysweep printed and logged, nor in its job repository's files.
	 */
	private void assertNoSecretIn(String output) throws IOException {
		List<String> written = new ArrayList<>(List.of(output));
		try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				written.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
			}
		}
		for (String secret : List.of(SENTINEL_PASSWORD, SENTINEL_USER_PASSWORD, WRONG_PASSWORD, KeysweepAcl.PASSWORD)) {
			assertThat(written).noneSatisfy(text -> assertThat(text).contains(secret));
		}
	}

	@Test
	void aSweepInterruptedByAFailoverFinishesOnTheNewMasterFromCursorZero() throws Exception {
		int keys = 3_000;
		try (RedisServer master = RedisServer.latest();
				RedisServer replica = RedisServer.latest("--replicaof", "127.0.0.1", String.valueOf(master.port()));
				RedisServer sentinel = RedisServer.sentinelOf(master)) {
			awaitInfo(replica, "master_link_status:up");
			try (Jedis jedis = master.client()) {
				Seeder.seed(jedis, keys, (p, i) -> p.set("b-" + Seeder.bid(i) + "-notify", "1"));
				assertThat(jedis.waitReplicas(1, 1_000)).isEqualTo(1);
			}
			awaitMasterPort(sentinel, master.port());
			Definitions.write(dir.resolve("jobs"), "notify", Definitions.notifyYaml("b-*-notify", 100, 100));
			JobDefinition definition = new JobDefinitions(dir.resolve("jobs")).load("notify");
			String url = "redis-sentinel://127.0.0.1:" + sentinel.port() + "/mymaster";

			try (TestApp app = TestApp.start(url, dir.resolve("data"))) {
				SweepParameters parameters = SweepParameters.newRun(definition, false, 0, url);
				JobExecution interrupted = app.launch(definition, parameters, failAfterReads(1_000));
				assertThat(interrupted.getStatus()).isEqualTo(BatchStatus.FAILED);
				try (Jedis jedis = master.client()) {
					assertThat(jedis.waitReplicas(1, 1_000)).isEqualTo(1);
				}

				try (Jedis jedis = sentinel.client()) {
					jedis.sentinelFailover("mymaster");
				}
				awaitMasterPort(sentinel, replica.port());
				awaitInfo(replica, "role:master");

				JobExecution resumed = app.launch(definition, parameters);

				assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
				SweepCounts counts = RunRecord.counts(resumed);
				assertThat(counts.ofClass("has-ttl")).as("the keys of the first run, seen again from cursor 0")
					.isEqualTo(1_000);
				assertThat(counts.total(SweepCounts.EXPIRED)).isEqualTo(keys);
			}
			try (Jedis jedis = replica.client()) {
				for (int i = 0; i < keys; i++) {
					assertThat(jedis.ttl("b-" + Seeder.bid(i) + "-notify")).isPositive();
				}
			}
		}
	}

	private static ItemReadListener<Object> failAfterReads(int reads) {
		AtomicInteger count = new AtomicInteger();
		return new ItemReadListener<>() {
			@Override
			public void beforeRead() {
				if (count.incrementAndGet() == reads + 1) {
					throw new IllegalStateException("failing on purpose after " + reads + " keys");
				}
			}
		};
	}

	private static void awaitMasterPort(RedisServer sentinel, int port) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			try (Jedis jedis = sentinel.client()) {
				List<String> address = jedis.sentinelGetMasterAddrByName("mymaster");
				if (address != null && address.get(1).equals(String.valueOf(port))) {
					return;
				}
			}
			Thread.sleep(100);
		}
		throw new AssertionError("the sentinel never named port " + port + " as the master");
	}

	private static void awaitInfo(RedisServer server, String replicationLine) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			try (Jedis jedis = server.client()) {
				if (jedis.info("replication").contains(replicationLine)) {
					return;
				}
			}
			Thread.sleep(100);
		}
		throw new AssertionError("port " + server.port() + " never showed " + replicationLine);
	}

}
