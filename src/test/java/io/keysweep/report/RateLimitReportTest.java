package io.keysweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.keysweep.definition.JobDefinitions;
import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.SharedRedis;
import io.keysweep.testing.TestApp;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The reports say which rate each execution was held to, the one it actually swept at, or
 * that it had none.
 */
class RateLimitReportTest {

	private static final String JOB = "notify";

	@RegisterExtension
	static final SharedRedis redis = SharedRedis.serverOnly();

	@TempDir
	Path dir;

	@BeforeEach
	void seed() {
		try (Jedis jedis = redis.client()) {
			BatchKeys.leaked(jedis, 300);
		}
	}

	@Test
	void aRunHeldToRateShowsItInTheTextJsonAndHtmlReports() {
		Definitions.write(dir.resolve("jobs"), JOB, Definitions.notifyYaml("b-*-notify", 100, 100));

		Cli.Result run = cli("run", JOB, "--rate", "5000");

		assertThat(run.exitCode()).as(run.err()).isZero();
		assertThat(run.out()).containsPattern("elapsed [\\d.]+ s, \\d+ keys/s, rate limit 5000 keys/s");
		assertThat(cli("report").out()).contains("COMPLETED [rate limit 5000 keys/s]");
		assertThat(cli("report", "--execution", "1").out())
			.containsPattern("elapsed [\\d.]+ s, \\d+ keys/s, rate limit 5000 keys/s");
		assertThat(json(1L).get("rate_limit").getAsLong()).isEqualTo(5000);
		assertThat(cli("report", "--format", "html").out()).contains("<th>Rate limit (keys/s)</th>")
			.contains("<td>5000</td>");
	}

	@Test
	void aRunWithoutRateShowsNone() {
		Definitions.write(dir.resolve("jobs"), JOB, Definitions.notifyYaml("b-*-notify", 100, 100));

		assertThat(cli("run", JOB).exitCode()).isZero();

		assertThat(cli("report").out()).doesNotContain("rate limit");
		assertThat(cli("report", "--execution", "1").out()).doesNotContain("rate limit");
		assertThat(json(1L).get("rate_limit").isJsonNull()).isTrue();
	}

	@Test
	void aResumeShowsTheRateItWasHeldToNotTheStoppedExecutions() throws Exception {
		Definitions.write(dir.resolve("jobs"), JOB, Definitions.notifyYaml("b-*-notify", 10, 10) + "rate: 100000\n");
		long stopped;
		try (TestApp app = TestApp.start(redis.url(), dir.resolve("data"))) {
			stopped = app.stoppedRun(new JobDefinitions(dir.resolve("jobs")).load(JOB), 3).getId();
		}

		Cli.Result resume = cli("resume", JOB, "--rate", "2000");

		assertThat(resume.exitCode()).as(resume.err()).isZero();
		long resumed = stopped + 1;
		assertThat(cli("report").out().lines())
			.anyMatch(l -> l.startsWith("#" + resumed) && l.contains("(resumed from #" + stopped + ")")
					&& l.contains("[rate limit 2000 keys/s]"))
			.anyMatch(l -> l.startsWith("#" + stopped) && l.contains("[rate limit 100000 keys/s]"));
		JsonObject runs = json(null);
		for (JsonElement element : runs.getAsJsonArray("runs")) {
			JsonObject run = element.getAsJsonObject();
			assertThat(run.get("rate_limit").getAsLong())
				.isEqualTo(run.get("execution_id").getAsLong() == resumed ? 2000 : 100000);
		}
		assertThat(runs.getAsJsonArray("runs")).hasSize(2);
	}

	/** The JSON report of one execution, or of all with {@code id} null. */
	private JsonObject json(Long id) {
		Cli.Result report = id == null ? cli("report", "--format", "json")
				: cli("report", "--execution", id.toString(), "--format", "json");
		assertThat(report.exitCode()).as(report.err()).isZero();
		return JsonParser.parseString(report.out()).getAsJsonObject();
	}

	private Cli.Result cli(String... args) {
		return Cli.in(dir, redis.url(), args);
	}

}
