package io.keysweep.notify;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.keysweep.definition.Notify;
import io.keysweep.report.RunRecord;
import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.WebhookServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code notify:} in a definition: one message to a real HTTP server the test starts, for
 * a run that crosses an alert threshold; none for a quiet run; retried when the webhook
 * stumbles; a webhook that is down never changes the run's exit code; the secret URL is
 * never shown.
 */
@ExtendWith(OutputCaptureExtension.class)
class NotifyTest {

	/**
	 * The environment variable the definitions name; a test JVM cannot set one, so the
	 * tests set the system property of that name, which keysweep reads the same way.
	 */
	private static final String URL_ENV = "KEYSWEEP_TEST_WEBHOOK_URL";

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@RegisterExtension
	final WebhookServer webhook = new WebhookServer(URL_ENV);

	@TempDir
	Path dir;

	@BeforeEach
	void seed() {
		try (Jedis jedis = redis.client()) {
			jedis.flushAll();
			BatchKeys.leaked(jedis, 40);
			BatchKeys.withTtl(jedis, 10);
		}
	}

	@Test
	void aRunThatCrossesAThresholdPostsOneSlackMessage(CapturedOutput output) {
		Cli.Result result = run("slack", "leaked-over: 10");

		assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
		assertThat(webhook.bodies()).singleElement().satisfies(body -> {
			JsonObject json = JsonParser.parseString(body).getAsJsonObject();
			assertThat(json.keySet()).containsExactly("text");
			assertThat(json.get("text").getAsString()).isEqualTo("keysweep: job 'notify' on " + target()
					+ " (execution 1) crossed an alert threshold: leaked-over 10 crossed: found 40 (30 over). "
					+ "Scanned 50, matching 50, expired 40. Details: keysweep report notify");
		});
		assertThat(output).contains("notification sent to the webhook at 127.0.0.1").doesNotContain("s3cret");
	}

	@Test
	void aQuietRunPostsNothing() {
		Cli.Result result = run("slack", "leaked-over: 1000");

		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(webhook.bodies()).isEmpty();
	}

	@Test
	void theJsonFormatIsRetriedWhenTheWebhookStumbles(CapturedOutput output) {
		webhook.answerNext(503);

		Cli.Result result = run("json", "leaked-over: 10");

		assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
		assertThat(webhook.bodies()).hasSize(2).allSatisfy(body -> assertThat(body).isEqualTo(webhook.bodies().get(0)));
		JsonObject json = JsonParser.parseString(webhook.bodies().get(0)).getAsJsonObject();
		assertThat(json.get("job").getAsString()).isEqualTo("notify");
		assertThat(json.get("target").getAsString()).isEqualTo(target());
		assertThat(json.get("status").getAsString()).isEqualTo("COMPLETED");
		assertThat(json.getAsJsonObject("counts").get("expired").getAsLong()).isEqualTo(40);
		assertThat(json.getAsJsonArray("alerts").get(0).getAsString())
			.isEqualTo("leaked-over 10 crossed: found 40 (30 over)");
		assertThat(json.get("report_command").getAsString()).isEqualTo("keysweep report notify");
		assertThat(output).contains("notification to the webhook at 127.0.0.1 failed (HTTP 503), attempt 1 of 3")
			.doesNotContain("s3cret");
	}

	@Test
	void aWebhookThatIsDownNeverChangesTheExitCode(CapturedOutput output) throws IOException {
		System.setProperty(URL_ENV, "http://127.0.0.1:" + RedisServer.freePort() + WebhookServer.SECRET_PATH);

		Cli.Result result = run("slack", "leaked-over: 10");

		assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
		assertThat(result.out()).contains("notify: COMPLETED");
		assertThat(output).contains("attempt 3 of 3").doesNotContain("s3cret");
	}

	@Test
	void aFailedRunSaysWhyAndWhatToRun() {
		RunRecord failed = new RunRecord(7, "nightly", 3, "FAILED", "FAILED", false, null, "2026-01-01T03:00:00Z",
				"2026-01-01T03:05:00Z", 300, null, Map.of(), new RunRecord.Redis("cache:6379/2", "7.2.4", "abc"),
				new RunRecord.Counts(1000, 900, 500, 0, 0, 1000, 0, 0), Map.of(), Map.of(), null, List.of(), List.of(),
				List.of("Redis went away: Connection refused"));

		RunNotice notice = new RunNotice(failed);
		assertThat(notice.warranted()).isTrue();
		assertThat(notice.text()).isEqualTo("keysweep: job 'nightly' on cache:6379/2 (execution 7) FAILED: "
				+ "Redis went away: Connection refused. Scanned 1000, matching 900, expired 500. "
				+ "Details: keysweep report nightly");
		assertThat(JsonParser.parseString(notice.body(Notify.Format.JSON))
			.getAsJsonObject()
			.getAsJsonArray("errors")
			.get(0)
			.getAsString()).isEqualTo("Redis went away: Connection refused");
	}

	@Test
	void aNotifyWithoutTheNameOfItsVariableIsRefused() {
		Definitions.write(dir.resolve("jobs"), "notify", Definitions.notifyYaml("b-*-notify", 100, 100)
				+ "notify:\n  url: https://hooks.example.org/services/x\n");

		Cli.Result result = Cli.in(dir, redis.url(), "run", "notify");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).startsWith("keysweep: ")
			.contains("field 'notify.url': unknown field (known: format, url-env)");
	}

	private Cli.Result run(String format, String alert) {
		Definitions.write(dir.resolve("jobs"), "notify", Definitions.notifyYaml("b-*-notify", 100, 100) + """
				alert:
				  %s
				notify:
				  url-env: %s
				  format: %s
				""".formatted(alert, URL_ENV, format));
		return Cli.in(dir, redis.url(), "run", "notify");
	}

	private static String target() {
		return redis.url().replaceFirst("^redis://", "");
	}

}
