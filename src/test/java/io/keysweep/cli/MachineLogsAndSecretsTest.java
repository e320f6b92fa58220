package io.keysweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import redis.clients.jedis.Jedis;

/**
 * {@code --log-format json} for log shippers, and no password anywhere keysweep writes.
 */
@ExtendWith(OutputCaptureExtension.class)
class MachineLogsAndSecretsTest {

	private static final String PASSWORD = "s3cret-Pa55word";

	private static final String WRONG_PASSWORD = "wr0ng-Pa55word";

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass("--requirepass", PASSWORD);

	@TempDir
	Path dir;

	@BeforeAll
	static void startRedisWithAPassword() {
		try (Jedis jedis = redis.client()) {
			jedis.auth(PASSWORD);
			BatchKeys.leaked(jedis, 60);
			BatchKeys.withTtl(jedis, 10);
		}
	}

	@Test
	void everyLogLineIsJsonWithTheJobAndExecution(CapturedOutput output) {
		Cli.Result result = keysweep(url(PASSWORD), "run", "notify", "--dry-run", "--log-format", "json");

		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).as("the summary is a log line too").isEmpty();
		List<String> lines = output.getOut().lines().filter(l -> !l.isBlank()).toList();
		assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
		String execution = JsonParser.parseString(lines.get(0)).getAsJsonObject().get("execution").getAsString();
		for (String line : lines) {
			JsonObject json = JsonParser.parseString(line).getAsJsonObject();
			assertThat(json.get("job").getAsString()).isEqualTo("notify");
			assertThat(json.get("execution").getAsString()).isEqualTo(execution);
			assertThat(json.has("message")).isTrue();
		}
		assertThat(lines)
			.anySatisfy(l -> assertThat(l).contains("notify: COMPLETED (execution " + execution + ", dry run)"));
	}

	@Test
	void noPasswordInLogsReportsMetricsOrTheJobRepository(CapturedOutput output) throws Exception {
		List<String> written = new ArrayList<>();
		Path metrics = dir.resolve("keysweep.prom");
		for (String format : List.of("text", "json")) {
			Cli.Result run = keysweep(url(PASSWORD), "run", "notify", "--log-format", format, "--verbose",
					"--metrics-file", metrics.toString());
			assertThat(run.exitCode()).as(run.err()).isZero();
			written.addAll(List.of(run.out(), run.err(), Files.readString(metrics)));
		}
		Cli.Result refused = keysweep(url(WRONG_PASSWORD), "run", "notify", "--verbose");
		assertThat(refused.exitCode()).isEqualTo(2);
		assertThat(refused.err()).contains("refused the credentials");
		written.addAll(List.of(refused.out(), refused.err()));
		for (String format : List.of("text", "json", "html")) {
			Path file = dir.resolve("report." + format);
			assertThat(keysweep(url(PASSWORD), "report", "--format", format, "--out", file.toString()).exitCode())
				.isZero();
			written.add(Files.readString(file));
			written.add(keysweep(url(PASSWORD), "report", "--execution", "1", "--format", format).out());
		}
		written.add(output.getAll());
		written.addAll(repositoryContents());

		assertThat(written).noneSatisfy(text -> assertThat(text).contains(PASSWORD))
			.noneSatisfy(text -> assertThat(text).contains(WRONG_PASSWORD));
		assertThat(String.join("\n", written)).contains("127.0.0.1:" + redis.port());
		try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
					.doesNotContain(PASSWORD);
			}
		}
	}

	@Test
	void aPasswordFileLogsInWithoutThePasswordInTheProcessList(CapturedOutput output) throws Exception {
		Path passwordFile = Files.writeString(dir.resolve("redis-password"), PASSWORD + "\n");
		String noPassword = "redis://127.0.0.1:" + redis.port();

		Cli.Result run = keysweep(noPassword, "run", "notify", "--dry-run", "--verbose", "--redis-password-file",
				passwordFile.toString());

		assertThat(run.exitCode()).as(run.err()).isZero();
		assertThat(run.out()).contains("notify: COMPLETED (execution 1, dry run)");
		assertThat(List.of(run.out(), run.err(), output.getAll()))
			.noneSatisfy(text -> assertThat(text).contains(PASSWORD));
		assertThat(repositoryContents()).noneSatisfy(text -> assertThat(text).contains(PASSWORD));

		Path wrong = Files.writeString(dir.resolve("wrong-password"), WRONG_PASSWORD);
		Cli.Result refused = keysweep(noPassword, "run", "notify", "--redis-password-file", wrong.toString());
		assertOneLine(refused, "keysweep: Redis at 127.0.0.1:" + redis.port() + " refused the credentials");
		assertThat(refused.err()).doesNotContain(WRONG_PASSWORD);
		assertOneLine(keysweep(noPassword, "run", "notify", "--redis-password-file", dir.resolve("missing").toString()),
				"keysweep: --redis-password-file: cannot read " + dir.resolve("missing"));
		Path empty = Files.writeString(dir.resolve("empty"), "");
		assertOneLine(keysweep(noPassword, "run", "notify", "--redis-password-file", empty.toString()),
				"keysweep: --redis-password-file: " + empty + " is empty");
		Cli.Result twice = keysweep(url(WRONG_PASSWORD), "run", "notify", "--redis-password-file",
				passwordFile.toString());
		assertOneLine(twice, "keysweep: the Redis URL carries a password, and --redis-password-file");
		assertThat(twice.err()).doesNotContain(WRONG_PASSWORD);
	}

	private static void assertOneLine(Cli.Result result, String start) {
		assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
		assertThat(result.err()).startsWith(start);
		assertThat(result.err().strip().lines()).hasSize(1);
	}

	/**
	 * Every job parameter and ExecutionContext entry, as the repository gives them back.
	 */
	private List<String> repositoryContents() {
		List<String> contents = new ArrayList<>();
		try (TestApp app = TestApp.start(url(PASSWORD), dir.resolve("data"))) {
			JobRepository repository = app.bean(JobRepository.class);
			for (String job : repository.getJobNames()) {
				repository.getJobInstances(job, 0, 100).forEach(instance -> {
					for (JobExecution execution : repository.getJobExecutions(instance)) {
						contents.add(execution.getJobParameters().toString());
						contents.add(execution.getExitStatus().toString());
						execution.getExecutionContext().entrySet().forEach(e -> contents.add(e.toString()));
						for (StepExecution step : execution.getStepExecutions()) {
							contents.add(step.getExitStatus().toString());
							for (Map.Entry<String, Object> entry : step.getExecutionContext().entrySet()) {
								contents.add(entry.toString());
							}
						}
					}
				});
			}
		}
		assertThat(contents).isNotEmpty();
		return contents;
	}

	private static String url(String password) {
		return "redis://:" + password + "@127.0.0.1:" + redis.port();
	}

	private Cli.Result keysweep(String redisUrl, String... args) {
		Definitions.write(dir.resolve("jobs"), "notify", Definitions.notifyYaml("b-*-notify", 20, 20));
		return Cli.in(dir, redisUrl, args);
	}

}
