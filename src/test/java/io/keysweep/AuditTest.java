package io.keysweep;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

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
 * keysweep audit on the demo keyspace and on the keys a Rails and Sidekiq application
 * writes, through the command line: every pattern the generator wrote with its exact
 * counts, nothing in Redis changed, a leak that grew between two audits flagged, and the
 * job definition it suggests accepted by a dry run.
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
	void countsEveryPatternOfARailsAndSidekiqKeyspaceExactly() {
		try (Jedis jedis = redis.client()) {
			Pipeline keys = jedis.pipelined();
			for (int i = 0; i < 200; i++) {
				String digest = UUID.nameUUIDFromBytes(("view" + i).getBytes(StandardCharsets.UTF_8))
					.toString()
					.replace("-", "");
				keys.setex("views/products/" + i + "-20231010120000000000/" + digest, 3_600, "<li>");
				keys.setex("myapp:cache:users/" + i + "-20231010120000/profile", 86_400, "{}");
				keys.setex("rack::attack:" + (28_716_543 + i % 7) + ":throttle/ip:10.0." + i / 100 + "." + i % 100, 60,
						"1");
				keys.set("session:" + UUID.nameUUIDFromBytes(("s" + i).getBytes(StandardCharsets.UTF_8))
					.toString()
					.replace("-", ""), "{}");
			}
			for (int i = 0; i < 100; i++) {
				String bid = "k_UQx93JxS_" + "%03d".formatted(i);
				keys.set("lock:order:" + (1_000 + i), "owner");
				keys.set("uniquejobs:%032x:LOCKED".formatted(i * 7_919L), "jid");
				keys.setex("job:" + UUID.nameUUIDFromBytes(("job" + i).getBytes(StandardCharsets.UTF_8)) + ":status",
						86_400, "done");
				keys.set("myapp:b-" + bid + "-notify", "1");
				if (i % 2 == 0) {
					keys.hset("myapp:b-" + bid, "pending", "0");
					keys.expire("myapp:b-" + bid, 86_400);
				}
			}
			for (int day = 1; day <= 30; day++) {
				keys.setex("myapp:stat:processed:2026-11-%02d".formatted(day), 157_680_000L, "10");
				keys.set("counter:page_views:2026-11-%02d".formatted(day), "7");
			}
			for (int host = 0; host < 5; host++) {
				keys.hset("myapp:web-%d:%d:%012x:work".formatted(host, 4_000 + host, host * 97L), "t", "x");
				keys.expire("myapp:web-%d:%d:%012x:work".formatted(host, 4_000 + host, host * 97L), 60);
			}
			keys.rpush("myapp:queue:default", "job");
			keys.sync();

			Cli.Result audit = Cli.in(dir, redis.url(), "audit", "--format", "json");

			assertThat(audit.exitCode()).as(audit.err()).isZero();
			Map<String, JsonObject> rows = rows(audit.out());
			assertThat(rows.keySet()).containsExactlyInAnyOrder("views/products/*/*", "myapp:cache:users/*/profile",
					"rack::attack:*:throttle/ip:*", "session:*", "lock:order:*", "uniquejobs:*:LOCKED", "job:*:status",
					"myapp:b-*-notify", "myapp:b-*", "myapp:stat:processed:*", "counter:page_views:*",
					"myapp:*:*:*:work", "myapp:queue:default");
			assertCounts(rows.get("views/products/*/*"), 200, 0, "string");
			assertCounts(rows.get("myapp:cache:users/*/profile"), 200, 0, "string");
			assertCounts(rows.get("rack::attack:*:throttle/ip:*"), 200, 0, "string");
			assertCounts(rows.get("session:*"), 200, 200, "string");
			assertCounts(rows.get("lock:order:*"), 100, 100, "string");
			assertCounts(rows.get("uniquejobs:*:LOCKED"), 100, 100, "string");
			assertCounts(rows.get("job:*:status"), 100, 0, "string");
			assertCounts(rows.get("myapp:b-*-notify"), 100, 100, "string");
			assertCounts(rows.get("myapp:b-*"), 50, 0, "hash");
			assertCounts(rows.get("myapp:stat:processed:*"), 30, 0, "string");
			assertCounts(rows.get("counter:page_views:*"), 30, 30, "string");
			assertCounts(rows.get("myapp:*:*:*:work"), 5, 0, "hash");
			assertCounts(rows.get("myapp:queue:default"), 1, 1, "list");
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
