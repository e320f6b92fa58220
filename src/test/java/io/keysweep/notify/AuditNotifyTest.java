package io.keysweep.notify;

import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
import redis.clients.jedis.Pipeline;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code notify:} in an audit job's definition: one message to a real HTTP server the
 * test starts for an audit that suspects leaks with {@code alert} on, naming the first
 * few with why; none for a quiet audit, nor for one that suspects leaks without
 * {@code alert}; one for an audit that fails; never the Redis password or the webhook's
 * secret URL. The leaks are keys without a TTL added between two audits: their growth is
 * exact, where a share of the memory is estimated from a sample.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuditNotifyTest {

	/**
	 * As in {@link NotifyTest}: a system property, which keysweep reads as it does the
	 * environment.
	 */
	private static final String URL_ENV = "KEYSWEEP_TEST_AUDIT_WEBHOOK_URL";

	private static final String PASSWORD = "s3cret-Pa55word";

	/**
	 * Patterns of keys without a TTL, most keys first, each new since the job's first
	 * audit.
	 */
	private static final List<String> LEAKS = List.of("cart", "session", "feed", "draft", "token", "upload", "visit");

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass("--requirepass", PASSWORD);

	@RegisterExtension
	final WebhookServer webhook = new WebhookServer(URL_ENV);

	@TempDir
	Path dir;

	@BeforeEach
	void seed() {
		try (Jedis jedis = admin()) {
			jedis.flushAll();
			Pipeline pipeline = jedis.pipelined();
			for (int i = 0; i < 10; i++) {
				pipeline.setex("cache:" + i, 3_600, "x");
			}
			pipeline.sync();
		}
	}

	@Test
	void anAuditThatSuspectsLeaksPostsOneSlackMessageNamingTheFirstFew(CapturedOutput output) {
		String fields = "alert: true\ngrowth-over: 10\nshare-over: 100\n";
		quietAuditThenLeaks("slack", fields);
		assertThat(webhook.bodies()).isEmpty();

		Cli.Result result = audit("slack", fields);

		assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
		assertThat(webhook.bodies()).singleElement().satisfies(body -> {
			JsonObject json = JsonParser.parseString(body).getAsJsonObject();
			assertThat(json.keySet()).containsExactly("text");
			assertThat(json.get("text").getAsString()).isEqualTo("keysweep: job 'census' on " + target()
					+ " (execution 2) suspects 7 leaks: cart:*: +20 keys without a TTL since the previous audit "
					+ "(over 10); session:*: +19 keys without a TTL since the previous audit (over 10); feed:*: +18 "
					+ "keys without a TTL since the previous audit (over 10); draft:*: +17 keys without a TTL since "
					+ "the previous audit (over 10); token:*: +16 keys without a TTL since the previous audit "
					+ "(over 10); and 2 more. Details: keysweep report census");
			assertThat(body).doesNotContain(PASSWORD).doesNotContain("s3cret");
		});
		assertThat(output).contains("job 'census': notification sent to the webhook at 127.0.0.1")
			.doesNotContain("s3cret");
	}

	@Test
	void theJsonFormatGivesTheSuspectsAsFields() {
		String fields = "alert: true\ngrowth-over: 16\nshare-over: 100\n";
		quietAuditThenLeaks("json", fields);

		Cli.Result result = audit("json", fields);

		assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
		assertThat(webhook.bodies()).singleElement().satisfies(body -> {
			JsonObject json = JsonParser.parseString(body).getAsJsonObject();
			assertThat(json.get("job").getAsString()).isEqualTo("census");
			assertThat(json.get("target").getAsString()).isEqualTo(target());
			assertThat(json.get("status").getAsString()).isEqualTo("COMPLETED");
			assertThat(json.get("kind").getAsString()).isEqualTo("audit");
			assertThat(json.get("suspected_leaks").getAsInt()).isEqualTo(4);
			JsonArray suspects = json.getAsJsonArray("suspects");
			assertThat(suspects).hasSize(4);
			assertThat(suspects.get(3).getAsJsonObject().get("pattern").getAsString()).isEqualTo("draft:*");
			assertThat(suspects.get(3).getAsJsonObject().get("why").getAsString())
				.isEqualTo("+17 keys without a TTL since the previous audit (over 16)");
			assertThat(json.getAsJsonArray("errors")).isEmpty();
			assertThat(json.get("report_command").getAsString()).isEqualTo("keysweep report census");
			assertThat(json.get("text").getAsString()).endsWith("; draft:*: +17 keys without a TTL since the "
					+ "previous audit (over 16). Details: keysweep report census");
			assertThat(body).doesNotContain(PASSWORD).doesNotContain("s3cret");
		});
	}

	@Test
	void anAuditThatSuspectsLeaksWithoutAlertPostsNothing() {
		String fields = "alert: false\ngrowth-over: 10\nshare-over: 100\n";
		quietAuditThenLeaks("slack", fields);

		Cli.Result result = audit("slack", fields);

		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("Suspected leaks:\n  cart:*: +20 keys without a TTL");
		assertThat(webhook.bodies()).isEmpty();
	}

	@Test
	void aFailedAuditSaysWhy() {
		try (Jedis jedis = admin()) {
			jedis.configSet("maxmemory-policy", "allkeys-lfu");
			try {
				Cli.Result result = audit("json", "idle: true\n");

				assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
			}
			finally {
				jedis.configSet("maxmemory-policy", "noeviction");
			}
		}
		assertThat(webhook.bodies()).singleElement().satisfies(body -> {
			JsonObject json = JsonParser.parseString(body).getAsJsonObject();
			assertThat(json.get("status").getAsString()).isEqualTo("FAILED");
			assertThat(json.get("suspected_leaks").getAsInt()).isZero();
			assertThat(json.getAsJsonArray("errors").get(0).getAsString()).contains("LFU maxmemory-policy");
			assertThat(json.get("text").getAsString())
				.startsWith("keysweep: job 'census' on " + target() + " (execution 1) FAILED: ")
				.endsWith(". Details: keysweep report census");
			assertThat(body).doesNotContain(PASSWORD).doesNotContain("s3cret");
		});
	}

	@Test
	void anAuditsNotifyIsCheckedAsASweepsIs() {
		Definitions.write(dir.resolve("jobs"), "census", "kind: audit\nnotify:\n  format: teams\n  url-env: X\n");

		Cli.Result result = Cli.in(dir, url(), "run", "census");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).startsWith("keysweep: ")
			.contains("field 'notify.format': 'teams' is not slack or json");
	}

	/**
	 * The job's first audit, which suspects nothing (it has no previous audit to grow
	 * from), then keys without a TTL in the patterns of {@link #LEAKS}, each new since
	 * it: 20 of the first, one fewer of each next.
	 */
	private void quietAuditThenLeaks(String format, String fields) {
		Cli.Result quiet = audit(format, fields);
		assertThat(quiet.exitCode()).as(quiet.err()).isZero();
		assertThat(quiet.out()).contains("No suspected leak.");
		try (Jedis jedis = admin()) {
			Pipeline pipeline = jedis.pipelined();
			for (int p = 0; p < LEAKS.size(); p++) {
				for (int i = 0; i < 20 - p; i++) {
					pipeline.set(LEAKS.get(p) + ":" + i, "x");
				}
			}
			pipeline.sync();
		}
	}

	private Cli.Result audit(String format, String fields) {
		Definitions.write(dir.resolve("jobs"), "census", "kind: audit\n" + fields + """
				notify:
				  url-env: %s
				  format: %s
				""".formatted(URL_ENV, format));
		return Cli.in(dir, url(), "run", "census");
	}

	private static Jedis admin() {
		Jedis jedis = redis.client();
		jedis.auth(PASSWORD);
		return jedis;
	}

	private static String url() {
		return "redis://:" + PASSWORD + "@127.0.0.1:" + redis.port();
	}

	private static String target() {
		return "127.0.0.1:" + redis.port();
	}

}
