package io.keysweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonParser;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.JobRepositoryRows.JobExecutionRow;
import io.keysweep.testing.KeysweepAcl;
import io.keysweep.testing.NotifyCounters;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A targets file naming several Redis: {@code run --all} sweeps each target's jobs on it,
 * goes on past a target that cannot be reached and one that refuses the credentials, and
 * exits with the worst code; the job repository knows each run by its target's name.
 */
class ManyTargetsSweepTest {

	private static final int KEYS = 100;

	private static final String WRONG_PASSWORD = "not-" + KeysweepAcl.PASSWORD;

	@RegisterExtension
	static final RedisServer open = RedisServer.perClass();

	@RegisterExtension
	static final RedisServer acl = RedisServer.perClass();

	@RegisterExtension
	static final RedisServer refusing = RedisServer.perClass();

	@TempDir
	Path dir;

	private Path targets;

	@BeforeEach
	void seed() throws IOException {
		for (RedisServer redis : List.of(open, acl, refusing)) {
			redis.flushAll();
			try (Jedis jedis = redis.client(); Pipeline pipeline = jedis.pipelined()) {
				NotifyCounters.seed(pipeline, KEYS);
				for (int i = 0; i < KEYS; i++) {
					pipeline.set("session:" + i, "x");
				}
				pipeline.sync();
			}
		}
		for (RedisServer redis : List.of(acl, refusing)) {
			try (Jedis admin = redis.client()) {
				KeysweepAcl.grant(admin, KeysweepAcl.RULES);
			}
		}
		Definitions.write(dir.resolve("jobs"), "notify", Definitions.notifyYaml(NotifyCounters.MATCH, 50, 50));
		Definitions.write(dir.resolve("jobs"), "sessions", """
				match: "session:*"
				rules:
				  - class: session
				    expire: 1d
				""");
		Files.writeString(dir.resolve("acl.password"), KeysweepAcl.PASSWORD + "\n");
		Files.writeString(dir.resolve("wrong.password"), WRONG_PASSWORD + "\n");
		targets = write("""
				keysweep:
				  targets:
				    cache-a:
				      host: 127.0.0.1
				      port: %d
				    cache-b:
				      url: redis://127.0.0.1:%d
				      username: keysweep
				      password-file: %s
				      jobs: [notify]
				    gone:
				      host: 127.0.0.1
				      port: %d
				    refused:
				      url: redis://127.0.0.1:%d
				      username: keysweep
				      password-file: %s
				      jobs: [notify]
				""".formatted(open.port(), acl.port(), dir.resolve("acl.password"), RedisServer.freePort(),
				refusing.port(), dir.resolve("wrong.password")));
	}

	private Path write(String yaml) throws IOException {
		return Files.writeString(dir.resolve("targets.yml"), yaml);
	}

	private Cli.Result keysweep(String... args) {
		List<String> all = new java.util.ArrayList<>(List.of(args));
		all.addAll(List.of("--targets", targets.toString(), "--jobs-dir", dir.resolve("jobs").toString(), "--data-dir",
				dir.resolve("data").toString()));
		return Cli.run(all.toArray(String[]::new));
	}

	@Test
	void sweepsEveryTargetPastOneUnreachableAndOneRefusingTheCredentials() {
		Cli.Result result = keysweep("run", "--all");

		assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
		assertThat(result.out()).contains("=== target cache-a: exit code 0")
			.contains("=== target cache-b: exit code 0")
			.contains("=== target gone: exit code 1")
			.contains("=== target refused: exit code 2");
		assertThat(NotifyCounters.withoutTtl(open, KEYS)).isZero();
		assertThat(withoutTtl(open, "session:*")).isZero();
		assertThat(NotifyCounters.withoutTtl(acl, KEYS)).isZero();
		assertThat(withoutTtl(acl, "session:*")).as("cache-b runs notify only").isEqualTo(KEYS);
		assertThat(NotifyCounters.withoutTtl(refusing, KEYS)).isEqualTo(KEYS);
		assertThat(result.out() + result.err()).doesNotContain(KeysweepAcl.PASSWORD);
		List<JobExecutionRow> executions = JobRepositoryRows.jobExecutions(dir.resolve("data"));
		assertThat(executions).extracting(JobExecutionRow::status).containsOnly("COMPLETED").hasSize(3);
		assertThat(executions).extracting(e -> JobRepositoryRows.parameters(dir.resolve("data"), e.id()).get("redis"))
			.containsExactlyInAnyOrder("cache-a", "cache-a", "cache-b");

		Cli.Result jobs = keysweep("jobs");
		assertThat(jobs.out()).containsPattern("cache-a +notify +sweep +yes .* COMPLETED #\\d+ .* on cache-a")
			.containsPattern("cache-a +sessions +sweep +yes .* COMPLETED #\\d+ .* on cache-a")
			.containsPattern("cache-b +notify +sweep +yes .* on cache-b")
			.containsPattern("gone +notify .* never")
			.doesNotContainPattern("cache-b +sessions");
		Cli.Result report = keysweep("report");
		assertThat(report.out()).containsSubsequence("== target cache-b", "notify", "redis cache-b",
				"== target cache-a", "redis cache-a", "redis cache-a");
		assertThat(keysweep("report", "--format", "json").out()).contains("\"targets\": {")
			.containsPattern("\"cache-a\": \\[\\s*\\d+,\\s*\\d+\\s*\\]");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void everyJsonLogLineOfATargetNamesIt(CapturedOutput output) {
		Cli.Result result = keysweep("run", "--all", "--target", "cache-b", "--log-format", "json");

		assertThat(result.exitCode()).as(result.err()).isZero();
		List<String> lines = output.getOut().lines().filter(line -> !line.isBlank()).toList();
		assertThat(lines).anySatisfy(line -> assertThat(line).contains("notify: COMPLETED"));
		assertThat(lines).allSatisfy(line -> assertThat(JsonParser.parseString(line).getAsJsonObject())
			.satisfies(json -> assertThat(json.get("target").getAsString()).as(line).isEqualTo("cache-b")));
	}

	@Test
	void withoutATargetsFileReadsSpringBootsRedisProperties() {
		System.setProperty("spring.data.redis.port", String.valueOf(acl.port()));
		System.setProperty("spring.data.redis.username", KeysweepAcl.USER);
		System.setProperty("spring.data.redis.password", KeysweepAcl.PASSWORD);
		try {
			Cli.Result result = Cli.run("run", "notify", "--jobs-dir", dir.resolve("jobs").toString(), "--data-dir",
					dir.resolve("data").toString());

			assertThat(result.exitCode()).as(result.err()).isZero();
			assertThat(NotifyCounters.withoutTtl(acl, KEYS)).isZero();
			assertThat(JobRepositoryRows.parameters(dir.resolve("data"), 1)).containsEntry("redis",
					"localhost:" + acl.port());
		}
		finally {
			System.clearProperty("spring.data.redis.port");
			System.clearProperty("spring.data.redis.username");
			System.clearProperty("spring.data.redis.password");
		}
	}

	@Test
	void runsOneJobOnTheTargetNamed() {
		Cli.Result withoutTarget = keysweep("run", "notify");
		assertThat(withoutTarget.exitCode()).isEqualTo(2);
		assertThat(withoutTarget.err()).contains("say which with --target NAME");

		Cli.Result result = keysweep("run", "notify", "--target", "cache-b");

		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(keysweep("stop", "notify").err()).contains("say which with --target NAME");
		assertThat(keysweep("stop", "notify", "--target", "cache-b").out())
			.contains("No execution of job 'notify' is running.");
		assertThat(NotifyCounters.withoutTtl(acl, KEYS)).isZero();
		assertThat(NotifyCounters.withoutTtl(open, KEYS)).isEqualTo(KEYS);
	}

	@Test
	void refusesAPasswordInTheFileAndChangesNothing() throws IOException {
		write(Files.readString(targets)
			.replace("password-file: " + dir.resolve("acl.password"), "password: " + KeysweepAcl.PASSWORD));

		Cli.Result result = keysweep("run", "--all");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err().lines()).singleElement()
			.asString()
			.contains("target 'cache-b': a password is never written in the file")
			.doesNotContain(KeysweepAcl.PASSWORD);
		assertThat(NotifyCounters.withoutTtl(open, KEYS)).isEqualTo(KEYS);
		assertThat(dir.resolve("data/keysweep.mv.db")).doesNotExist();
	}

	@Test
	void refusesAnUnknownSetting() throws IOException {
		write("""
				keysweep:
				  targets:
				    cache-a:
				      host: 127.0.0.1
				      pasword-file: /etc/keysweep/password
				""");

		Cli.Result result = keysweep("run", "--all");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err().lines()).singleElement()
			.asString()
			.endsWith("unknown setting keysweep.targets.cache-a.pasword-file");
	}

	private static long withoutTtl(RedisServer redis, String match) {
		try (Jedis jedis = redis.client()) {
			return jedis.keys(match).stream().filter(key -> jedis.ttl(key) == -1).count();
		}
	}

}
