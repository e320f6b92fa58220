package io.keysweep.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import io.keysweep.classify.Expiry;
import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.run.StopRequest;
import io.keysweep.run.SweepRequest;
import io.keysweep.run.SweepRunner;
import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.KeysweepAcl;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.TestApp;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.infrastructure.item.Chunk;
import redis.clients.jedis.Jedis;

/**
 * The promise of the lock: a sweep whose lock cannot be renewed does not go on without
 * it. Checked when the lock is taken (exit 2, nothing swept), and during the sweep
 * (stopped at the next chunk boundary, exit 4).
 */
class LockRenewalTest {

	@TempDir
	Path dir;

	static Stream<Named<Function<String[], RedisServer>>> servers() {
		return Stream.of(Named.of("latest", RedisServer::latest), Named.of("6.2", RedisServer::v62));
	}

	@ParameterizedTest
	@MethodSource("servers")
	void evalRenamedAwayRefusesTheSweepWithOneLineNamingEvalAndTheLockKey(Function<String[], RedisServer> server) {
		try (RedisServer redis = server.apply(new String[] { "--rename-command", "EVAL", "eval-renamed-away" })) {
			List<String> leaked;
			try (Jedis jedis = redis.client()) {
				leaked = BatchKeys.leaked(jedis, 5);
			}

			Cli.Result result = Cli.run("run", "sidekiq-batch-notify", "--jobs-dir", Definitions.SHIPPED.toString(),
					"--data-dir", dir.resolve("data").toString(), "--redis-url", redis.url());

			assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
			assertThat(result.err().strip().lines()).singleElement()
				.asString()
				.startsWith("keysweep: cannot take and renew the lock keysweep:lock:sidekiq-batch-notify: ")
				.contains("unknown command")
				.contains("the lock needs EVAL");
			try (Jedis jedis = redis.client()) {
				assertThat(jedis.ttl(leaked.get(0))).isEqualTo(-1);
				assertThat(jedis.exists("keysweep:lock:sidekiq-batch-notify")).isFalse();
			}
		}
	}

	@Test
	void aSweepWhoseRenewalIsRefusedStopsAtTheNextChunkBoundary() throws Exception {
		try (RedisServer redis = RedisServer.latest()) {
			List<String> leaked;
			try (Jedis admin = redis.client()) {
				KeysweepAcl.grant(admin, KeysweepAcl.RULES);
				leaked = BatchKeys.leaked(admin, 40);
			}
			Definitions.write(dir.resolve("jobs"), "notify", Definitions.notifyYaml("b-*-notify", 10, 10));
			JobDefinition definition = new JobDefinitions(dir.resolve("jobs")).load("notify");
			ItemWriteListener<Expiry> revokeEval = new ItemWriteListener<>() {
				private boolean revoked;

				@Override
				public void beforeWrite(Chunk<? extends Expiry> items) {
					if (revoked) {
						return;
					}
					revoked = true;
					try (Jedis admin = redis.client()) {
						admin.aclSetUser(KeysweepAcl.USER, "-eval");
						// the lease's renewal (every third of a second) has met the
						// refusal: ACL LOG records it
						await().atMost(Duration.ofSeconds(20))
							.until(() -> admin.aclLog().stream().anyMatch(entry -> "eval".equals(entry.getObject())));
					}
				}
			};

			JobExecution execution;
			try (TestApp app = TestApp.start(KeysweepAcl.url(redis.port()), dir.resolve("data"),
					"--keysweep.lock.lease=1s")) {
				execution = app.bean(SweepRunner.class)
					.run(SweepRequest.of(definition, new StopRequest(), revokeEval))
					.execution();
			}

			assertThat(execution.getStatus()).isEqualTo(BatchStatus.STOPPED);
			assertThat(execution.getStepExecutions().iterator().next().getWriteCount()).isEqualTo(10);
			try (Jedis jedis = redis.client()) {
				long withTtl = leaked.stream().filter(key -> jedis.ttl(key) > 0).count();
				assertThat(withTtl).isEqualTo(10);
			}
		}
	}

}
