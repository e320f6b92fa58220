package io.keysweep.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.JobRepositoryKind;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.JobRepositoryRows.JobExecutionRow;
import io.keysweep.testing.NotifyCounters;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.TestApp;
import io.keysweep.testing.TestRepository;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One job repository serving two Redis servers: a run's identity is its job and its
 * target, so each server's runs are resumed, refused over and compared apart from the
 * other's.
 */
class TargetIdentityTest {

	private static final String JOB = "notify";

	private static final int LEAKED = 300;

	@RegisterExtension
	static final RedisServer first = RedisServer.perClass();

	@RegisterExtension
	static final RedisServer second = RedisServer.perClass();

	@TempDir
	Path dir;

	private TestRepository repository;

	@ParameterizedTest
	@EnumSource(JobRepositoryKind.class)
	void anUnfinishedRunOnOneRedisNeitherBlocksNorIsResumedOnTheOther(JobRepositoryKind kind) throws Exception {
		repository = kind.create(dir.resolve("data"));
		define("");
		seed(first);
		seed(second);
		long stopped;
		try (TestApp app = TestApp.start(first.url(), dir.resolve("data"), repository.appProperties())) {
			stopped = app.stoppedRun(new JobDefinitions(dir.resolve("jobs")).load(JOB), 3).getId();
		}

		Cli.Result onSecond = keysweep(second, "run", JOB);
		Cli.Result nothingOnSecond = keysweep(second, "resume", JOB);
		Cli.Result onFirst = keysweep(first, "resume", JOB);

		assertThat(onSecond.exitCode()).as(onSecond.err()).isZero();
		assertThat(NotifyCounters.withoutTtl(second, LEAKED)).isZero();
		assertThat(nothingOnSecond.exitCode()).as(nothingOnSecond.err()).isZero();
		assertThat(nothingOnSecond.out()).contains("Nothing to resume").contains("COMPLETED");
		assertThat(onFirst.exitCode()).as(onFirst.err()).isZero();
		assertThat(onFirst.err()).doesNotContain("swept Redis at");
		assertThat(NotifyCounters.withoutTtl(first, LEAKED)).isZero();
		List<JobExecutionRow> executions = JobRepositoryRows.jobExecutions(repository);
		assertThat(executions).extracting(JobExecutionRow::status).containsExactly("STOPPED", "COMPLETED", "COMPLETED");
		assertThat(executions.get(0).id()).isEqualTo(stopped);
		assertThat(executions.get(2).instanceId()).as("the resume continued the first Redis's run")
			.isEqualTo(executions.get(0).instanceId());
		assertThat(endpoints(keysweep(first, "report", "--format", "json"))).containsExactly(endpoint(first),
				endpoint(second), endpoint(first));
	}

	@ParameterizedTest
	@EnumSource(JobRepositoryKind.class)
	void growthIsComparedWithThePreviousRunOnTheSameRedisOnly(JobRepositoryKind kind) {
		repository = kind.create(dir.resolve("data"));
		define("alert:\n  leaked-growth-over: 15\n");
		first.flushAll();
		second.flushAll();
		leak(first, 10);
		assertThat(keysweep(first, "run", JOB).exitCode()).isZero();
		long firstRun = JobRepositoryRows.jobExecutions(repository).get(0).id();
		leak(second, 40);

		Cli.Result secondsFirstRun = keysweep(second, "run", JOB);
		leak(first, 30);
		Cli.Result grown = keysweep(first, "run", JOB);

		assertThat(secondsFirstRun.exitCode()).as("nothing to grow from on the second Redis: " + secondsFirstRun.out())
			.isZero();
		assertThat(grown.exitCode()).as(grown.err()).isEqualTo(3);
		assertThat(grown.out()).contains("grew by 20 since execution " + firstRun);
	}

	/**
	 * With a targets file a run is recorded under the target's name, not its endpoint:
	 * the growth is still measured against that target's previous run.
	 */
	@ParameterizedTest
	@EnumSource(JobRepositoryKind.class)
	void growthIsComparedWithThePreviousRunOfTheSameNamedTarget(JobRepositoryKind kind) throws Exception {
		repository = kind.create(dir.resolve("data"));
		define("alert:\n  leaked-growth-over: 15\n");
		Path targets = Files.writeString(dir.resolve("targets.yml"), """
				keysweep:
				  targets:
				    cache:
				      url: %s
				    queue:
				      url: %s
				""".formatted(first.url(), second.url()));
		first.flushAll();
		second.flushAll();
		leak(first, 10);
		assertThat(onTarget(targets, "cache").exitCode()).isZero();
		long firstRun = JobRepositoryRows.jobExecutions(repository).get(0).id();
		leak(second, 40);
		assertThat(onTarget(targets, "queue").exitCode()).isZero();
		leak(first, 30);

		Cli.Result grown = onTarget(targets, "cache");

		assertThat(grown.exitCode()).as(grown.out() + grown.err()).isEqualTo(3);
		assertThat(grown.out()).contains("grew by 20 since execution " + firstRun);
	}

	private Cli.Result onTarget(Path targets, String target) {
		List<String> args = new ArrayList<>(List.of("run", JOB, "--targets", targets.toString(), "--target", target,
				"--jobs-dir", dir.resolve("jobs").toString(), "--data-dir", dir.resolve("data").toString()));
		args.addAll(repository.args());
		return Cli.run(args.toArray(String[]::new));
	}

	private static void seed(RedisServer redis) {
		redis.flushAll();
		try (Jedis jedis = redis.client(); Pipeline pipeline = jedis.pipelined()) {
			NotifyCounters.seed(pipeline, LEAKED);
			pipeline.sync();
		}
	}

	private static void leak(RedisServer redis, int n) {
		try (Jedis jedis = redis.client()) {
			BatchKeys.leaked(jedis, n);
		}
	}

	private void define(String extra) {
		Definitions.write(dir.resolve("jobs"), JOB, Definitions.notifyYaml(NotifyCounters.MATCH, 10, 10) + extra);
	}

	private Cli.Result keysweep(RedisServer redis, String... command) {
		List<String> args = new ArrayList<>(List.of(command));
		args.addAll(repository.args());
		return Cli.in(dir, redis.url(), args.toArray(String[]::new));
	}

	private static String endpoint(RedisServer redis) {
		return redis.url().substring("redis://".length());
	}

	/** The Redis endpoint of each run in a JSON report, oldest first. */
	private static List<String> endpoints(Cli.Result report) {
		JsonArray runs = JsonParser.parseString(report.out()).getAsJsonObject().getAsJsonArray("runs");
		List<String> endpoints = new ArrayList<>();
		for (JsonElement run : runs) {
			JsonObject redis = run.getAsJsonObject().getAsJsonObject("redis");
			endpoints.add(0, redis.get("endpoint").getAsString());
		}
		return endpoints;
	}

}
