package io.keysweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.keysweep.testing.Definitions;
import io.keysweep.testing.JobRepositoryKind;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.JobRepositoryRows.JobExecutionRow;
import io.keysweep.testing.KeysweepProcess;
import io.keysweep.testing.NotifyCounters;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.TestRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three {@code run --all --skip-done-within} workers share one job repository
 * (PostgreSQL, as workers on several hosts would) and one targets file of six Redis
 * servers; one is killed with kill -9 in the middle of a sweep. The two others share the
 * work, resume the dead worker's part once its lock's lease runs out, and every target is
 * swept once: one run, completed, per target.
 */
class FleetIT {

	private static final int KEYS = 400;

	private static final int TARGETS = 6;

	private final List<RedisServer> servers = new ArrayList<>();

	@AfterEach
	void stopServers() {
		servers.forEach(RedisServer::close);
	}

	@Test
	void threeWorkersSweepEveryTargetOnceThoughOneIsKilled(@TempDir Path dir) throws Exception {
		StringBuilder targets = new StringBuilder("keysweep:\n  targets:\n");
		for (int i = 0; i < TARGETS; i++) {
			RedisServer redis = RedisServer.latest();
			servers.add(redis);
			try (Jedis jedis = redis.client(); Pipeline pipeline = jedis.pipelined()) {
				NotifyCounters.seed(pipeline, KEYS);
				pipeline.sync();
			}
			targets.append("    redis-").append(i).append(":\n      url: ").append(redis.url()).append('\n');
		}
		Path targetsFile = Files.writeString(dir.resolve("targets.yml"), targets);
		// 200 keys a second: two seconds a target, long enough for the workers to meet
		Definitions.write(dir.resolve("jobs"), "notify",
				Definitions.notifyYaml(NotifyCounters.MATCH, 20, 20) + "rate: 200\n");
		TestRepository repository = JobRepositoryKind.POSTGRESQL.create(dir.resolve("data"));
		List<String> args = new ArrayList<>(
				List.of("run", "--all", "--skip-done-within", "12h", "--targets", targetsFile.toString(), "--jobs-dir",
						dir.resolve("jobs").toString(), "--data-dir", dir.resolve("data").toString()));
		args.addAll(repository.args());
		String[] worker = args.toArray(String[]::new);
		List<String> shortLease = List.of("keysweep.lock.lease=3s");

		List<KeysweepProcess> workers = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				workers.add(KeysweepProcess.start(dir.resolve("logs"), shortLease, worker));
			}
			KeysweepProcess victim = workers.get(0);
			victim.awaitOutput("notify: sweeping about");
			victim.kill();
			for (KeysweepProcess survivor : workers.subList(1, 3)) {
				assertThat(survivor.waitForExit()).as(survivor.out() + survivor.err()).isZero();
			}
		}
		finally {
			workers.forEach(KeysweepProcess::close);
		}

		for (RedisServer redis : servers) {
			assertThat(NotifyCounters.withoutTtl(redis, KEYS)).as(redis.url()).isZero();
		}
		List<JobExecutionRow> executions = JobRepositoryRows.jobExecutions(repository);
		Map<String, List<JobExecutionRow>> byTarget = executions.stream()
			.collect(Collectors.groupingBy(e -> JobRepositoryRows.parameters(repository, e.id()).get("redis")));
		assertThat(byTarget).hasSize(TARGETS);
		byTarget.forEach((target, ofTarget) -> {
			assertThat(ofTarget).as(target)
				.extracting(JobExecutionRow::instanceId)
				.containsOnly(ofTarget.get(0).instanceId());
			assertThat(ofTarget).as(target).filteredOn(e -> e.status().equals("COMPLETED")).hasSize(1);
		});
		assertThat(executions).as("the killed worker's execution, resumed by another")
			.anyMatch(e -> !e.status().equals("COMPLETED"));

		try (KeysweepProcess again = KeysweepProcess.start(dir.resolve("logs"), shortLease, worker)) {
			assertThat(again.waitForExit()).isZero();
			assertThat(again.out()).contains("notify: not swept again");
		}
		assertThat(JobRepositoryRows.jobExecutions(repository)).hasSameSizeAs(executions);
	}

}
