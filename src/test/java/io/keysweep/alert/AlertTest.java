package io.keysweep.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.JobRepositoryKind;
import io.keysweep.testing.SharedRedis;
import io.keysweep.testing.TestRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Alert thresholds in a job definition: a run that crosses one completes, says so, and
 * exits with 3.
 */
class AlertTest {

	@RegisterExtension
	static final SharedRedis redis = SharedRedis.serverOnly();

	@TempDir
	Path dir;

	/**
	 * Where the runs are recorded; the data dir's H2 file unless a test says otherwise.
	 */
	private TestRepository repository;

	@ParameterizedTest
	@EnumSource(JobRepositoryKind.class)
	void crossingAClassThresholdCompletesTheRunAndExitsWith3(JobRepositoryKind kind) {
		repository = kind.create(dir.resolve("data"));
		leaks(30);
		define("leaked-over: 20");

		Cli.Result result = run();

		assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
		assertThat(result.out()).contains("notify: COMPLETED")
			.contains("expired 30")
			.contains("ALERT leaked-over 20 crossed: found 30 (10 over)");
		JsonObject run = lastRun();
		assertThat(run.get("status").getAsString()).isEqualTo("COMPLETED");
		JsonObject alert = run.getAsJsonArray("alerts").get(0).getAsJsonObject();
		assertThat(alert.keySet()).as("documented JSON field names")
			.containsExactly("threshold", "limit", "value", "excess", "compared_with", "description");
		assertThat(alert.get("threshold").getAsString()).isEqualTo("leaked-over");
		assertThat(alert.get("limit").getAsLong()).isEqualTo(20);
		assertThat(alert.get("value").getAsLong()).isEqualTo(30);
		assertThat(alert.get("excess").getAsLong()).isEqualTo(10);
		assertThat(keysweep("report").out()).contains("COMPLETED [alert]");
	}

	@ParameterizedTest
	@EnumSource(JobRepositoryKind.class)
	void stayingAtOrBelowTheThresholdExitsWith0(JobRepositoryKind kind) {
		repository = kind.create(dir.resolve("data"));
		leaks(20);
		define("leaked-over: 20\n  deleted-over: 0");

		Cli.Result result = run();

		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).doesNotContain("ALERT");
		assertThat(lastRun().getAsJsonArray("alerts")).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(JobRepositoryKind.class)
	void growthIsMeasuredAgainstThePreviousCompletedRunOfTheSameJob(JobRepositoryKind kind) {
		repository = kind.create(dir.resolve("data"));
		define("leaked-growth-over: 15");
		leaks(10);
		assertThat(run().exitCode()).as("the first run has nothing to grow from").isZero();
		long first = lastRun().get("execution_id").getAsLong();
		leaks(30);

		Cli.Result grown = run();

		assertThat(grown.exitCode()).as(grown.err()).isEqualTo(3);
		assertThat(grown.out())
			.contains("ALERT leaked-growth-over 15 crossed: grew by 20 since execution " + first + " (5 over)");
		JsonObject alert = lastRun().getAsJsonArray("alerts").get(0).getAsJsonObject();
		assertThat(alert.get("compared_with").getAsLong()).isEqualTo(first);

		leaks(40);
		assertThat(run().exitCode()).as("40 is 10 more than the 30 of the run before").isZero();
	}

	@Test
	void aThresholdForAClassTheClassifierLacksIsAnErrorWithFileAndLine() {
		define("leaked-over: 10\n  stale-over: 5");

		Cli.Result result = run();

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).startsWith("keysweep: " + dir.resolve("jobs/notify.yml")
				+ ":11: field 'alert.stale-over': "
				+ "not a threshold: write <class>-over or <class>-growth-over for a class of deleted, leaked, live");
		define("leaked-over: lots");
		assertThat(run().err()).contains(":10: field 'alert.leaked-over': 'lots' is not a whole number from 0 up");
	}

	private void leaks(int n) {
		try (Jedis jedis = redis.client()) {
			BatchKeys.leaked(jedis, n);
		}
	}

	private void define(String alertFields) {
		Definitions.write(dir.resolve("jobs"), "notify",
				Definitions.notifyYaml("b-*-notify", 100, 100) + "alert:\n  " + alertFields + "\n");
	}

	private Cli.Result run() {
		return keysweep("run", "notify");
	}

	private JsonObject lastRun() {
		Cli.Result result = keysweep("report", "--last", "1", "--format", "json");
		return JsonParser.parseString(result.out()).getAsJsonObject().getAsJsonArray("runs").get(0).getAsJsonObject();
	}

	private Cli.Result keysweep(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		if (repository != null) {
			all.addAll(repository.args());
		}
		return Cli.in(dir, redis.url(), all.toArray(String[]::new));
	}

}
