package io.keysweep;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.keysweep.demo.DemoKeyspace;
import io.keysweep.testing.Cli;
import io.keysweep.testing.SharedRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * keysweep audit on the demo keyspace, through the command line: every pattern the
 * generator wrote with its exact counts, nothing in Redis changed, a leak that grew
 * between two audits flagged, and the job definition it suggests accepted by a dry run.
 */
class AuditTest {

	private static final int BATCHES = 1_000;

	@RegisterExtension
	static final SharedRedis redis = SharedRedis.serverOnly();

	@TempDir
	Path dir;

	@Test
	void countsEveryPatternOfTheDemoKeyspaceExactlyAndChangesNothing() {
		try (Jedis jedis = redis.client()) {
			DemoKeyspace.seed(jedis, BATCHES);
			Map<String, String> before = snapshot(jedis);

			Cli.Result audit = Cli.in(dir, redis.url(), "audit", "--format", "json");

			assertThat(audit.exitCode()).as(audit.err()).isZero();
			Map<String, JsonObject> rows = rows(audit.out());
			assertThat(rows.keySet()).containsExactlyInAnyOrder("b-*", "b-*-notify", "batch-died", "cache:user:*",
					"session:*", "stat:processed:*", "queue:*");
			assertCounts(rows.get("b-*"), 700, 0, "hash");
			assertCounts(rows.get("b-*-notify"), 1_000, DemoKeyspace.leakedNotifyKeys(BATCHES), "string");
			assertCounts(rows.get("batch-died"), 1, 1, "set");
			assertCounts(rows.get("cache:user:*"), 1_000, 0, "string");
			assertThat(rows.get("cache:user:*").getAsJsonObject("ttl").get("<1h").getAsLong()).isEqualTo(1_000);
			assertThat(rows.get("b-*").getAsJsonObject("ttl").get(">30d").getAsLong()).isEqualTo(100);
			assertCounts(rows.get("session:*"), 1_000, 1_000, "string");
			assertCounts(rows.get("stat:processed:*"), 1_000, 1_000, "string");
			assertCounts(rows.get("queue:*"), 1_000, 1_000, "list");
			assertThat(JsonParser.parseString(audit.out()).getAsJsonObject().get("keys").getAsLong()).isEqualTo(5_701);
			assertThat(snapshot(jedis)).isEqualTo(before);
			Cli.Result report = Cli.in(dir, redis.url(), "report", "audit");
			assertThat(report.exitCode()).as(report.err()).isZero();
			assertThat(report.out()).contains("audit").contains("COMPLETED");
		}
	}

	@Test
	void flagsTheNotifyCountersThatLeakedSinceThePreviousAuditAndSuggestsTheirFix() {
		try (Jedis jedis = redis.client()) {
			DemoKeyspace.seed(jedis, BATCHES);
			Cli.Result first = Cli.in(dir, redis.url(), "audit", "--alert", "--share-over", "100");
			assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
			assertThat(first.out()).contains("No suspected leak");

			Pipeline more = jedis.pipelined();
			for (int i = 0; i < 1_500; i++) {
				more.set("b-%014d-notify".formatted(i), "1");
			}
			more.sync();
			Path suggestions = dir.resolve("suggested");
			Cli.Result second = Cli.in(dir, redis.url(), "audit", "--alert", "--share-over", "100", "--growth-over",
					"1000", "--suggest", suggestions.toString());

			assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(3);
			assertThat(second.out()).contains("Suspected leaks:")
				.contains("b-*-notify: +1500 keys without a TTL since the previous audit (over 1000)");
			Path suggested = suggestions.resolve("audit-b-notify.yml");
			assertThat(suggested).exists();

			Path jobs = dir.resolve("jobs");
			Files.createDirectories(jobs);
			Files.copy(suggested, jobs.resolve("audit-b-notify.yml"));
			Cli.Result dryRun = Cli.in(dir, redis.url(), "run", "audit-b-notify", "--dry-run");
			assertThat(dryRun.exitCode()).as(dryRun.out() + dryRun.err()).isZero();
			assertThat(jedis.ttl("b-00000000000001-notify")).isEqualTo(-1);
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	@Test
	void neverSuspectsOrSuggestsATtlForSidekiqsQueues() {
		try (Jedis jedis = redis.client()) {
			DemoKeyspace.seed(jedis, BATCHES);
			Path suggestions = dir.resolve("suggested");
			Cli.Result audit = Cli.in(dir, redis.url(), "audit", "--share-over", "1", "--suggest",
					suggestions.toString());

			assertThat(audit.exitCode()).as(audit.out() + audit.err()).isZero();
			assertThat(audit.out()).as("the queues hold more than 1% of the memory").contains("queue:*");
			assertThat(audit.out().lines().filter(line -> line.contains("queue:*") && line.contains("memory (over")))
				.isEmpty();
			assertThat(suggestions.resolve("audit-queue.yml")).doesNotExist();
		}
	}

	private static void assertCounts(JsonObject row, long keys, long withoutTtl, String type) {
		assertThat(row.get("keys").getAsLong()).as(row.toString()).isEqualTo(keys);
		assertThat(row.get("withoutTtl").getAsLong()).as(row.toString()).isEqualTo(withoutTtl);
		assertThat(row.getAsJsonObject("types").get(type).getAsLong()).as(row.toString()).isEqualTo(keys);
	}

	private static Map<String, JsonObject> rows(String json) {
		Map<String, JsonObject> rows = new TreeMap<>();
		JsonParser.parseString(json)
			.getAsJsonObject()
			.getAsJsonArray("patterns")
			.forEach(row -> rows.put(row.getAsJsonObject().get("pattern").getAsString(), row.getAsJsonObject()));
		return rows;
	}

	/**
	 * Every key with its type and whether it has a TTL: what an audit must not change.
	 */
	static Map<String, String> snapshot(Jedis jedis) {
		Map<String, String> keys = new TreeMap<>();
		String cursor = ScanParams.SCAN_POINTER_START;
		do {
			ScanResult<byte[]> page = jedis.scan(cursor.getBytes(StandardCharsets.US_ASCII),
					new ScanParams().count(1_000));
			var names = new ArrayList<>(page.getResult());
			for (byte[] key : names) {
				keys.put(new String(key, StandardCharsets.ISO_8859_1),
						jedis.type(key) + (jedis.pttl(key) == -1 ? " no-ttl" : " ttl"));
			}
			cursor = page.getCursor();
		}
		while (!cursor.equals(ScanParams.SCAN_POINTER_START));
		return keys;
	}

}
