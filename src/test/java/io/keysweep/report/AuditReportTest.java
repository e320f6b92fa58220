package io.keysweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import redis.clients.jedis.Jedis;

/**
 * Two audits of a keyspace of Sidekiq Pro batches in every state, with more leaked notify
 * counters between them: the audit's Sidekiq section counts each state, and the report
 * shows the audits in text, JSON and HTML with the growth between them.
 */
class AuditReportTest {

	private static final int LEAKED = 30;

	private static final int MORE_LEAKED = 25;

	private static final int DELETED = 10;

	private static final int SUCCEEDED = 7;

	private static final int LIVE = 20;

	private static final int DEAD = 4;

	private static final int STALE_DEAD = 3;

	private static final int ORPHANED_JIDS = 6;

	private static final int WITH_TTL = 5;

	@TempDir
	static Path dir;

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	private static Cli.Result firstAudit;

	private static Cli.Result secondAudit;

	@BeforeAll
	static void auditTwice() {
		try (Jedis jedis = redis.client()) {
			BatchKeys.leaked(jedis, LEAKED);
			BatchKeys.deleted(jedis, DELETED);
			BatchKeys.succeeded(jedis, SUCCEEDED);
			BatchKeys.live(jedis, LIVE);
			BatchKeys.dead(jedis, DEAD);
			BatchKeys.staleDeadBids(jedis, STALE_DEAD);
			BatchKeys.orphanedJids(jedis, ORPHANED_JIDS);
			BatchKeys.withTtl(jedis, WITH_TTL);
			BatchKeys.other(jedis, 40);
			firstAudit = cli("audit", "--share-over", "100");
			BatchKeys.leaked(jedis, MORE_LEAKED);
			secondAudit = cli("audit", "--share-over", "100", "--growth-over", "20", "--format", "json");
		}
		assertThat(firstAudit.exitCode()).as(firstAudit.err()).isZero();
		assertThat(secondAudit.exitCode()).as(secondAudit.err()).isZero();
	}

	@Test
	void theAuditSaysPlainlyWhatItFoundOfSidekiqBatchesAndWhichJobsFixIt() {
		assertThat(firstAudit.out()).contains(
				"Sidekiq Pro batches: " + (DELETED + SUCCEEDED + LIVE + DEAD) + " (live " + LIVE + ", dead " + DEAD
						+ ", deleted " + DELETED + ", succeeded " + SUCCEEDED + ")",
				"notify counters without a TTL: " + (LEAKED + DELETED + SUCCEEDED + LIVE) + ", " + LEAKED
						+ " of them leaked (their batch is gone)",
				"dead-batch set batch-died: " + (DEAD + STALE_DEAD) + " bids, " + STALE_DEAD
						+ " of them of batches gone from Redis",
				"fix: jobs/sidekiq-batch-notify.yml", "fix: jobs/sidekiq-batch-keys.yml");
		int notifyKeys = LEAKED + DELETED + SUCCEEDED + LIVE + DEAD + WITH_TTL;
		assertThat(firstAudit.out()).contains("  " + (notifyKeys + ORPHANED_JIDS) + " other keys of batches, "
				+ (LEAKED + WITH_TTL + ORPHANED_JIDS) + " of them orphaned (their batch hash is gone)");

		JsonObject sidekiq = JsonParser.parseString(secondAudit.out()).getAsJsonObject().getAsJsonObject("sidekiq");
		assertThat(sidekiq.get("leakedNotify").getAsLong()).isEqualTo(LEAKED + MORE_LEAKED);
		assertThat(sidekiq.getAsJsonObject("batches").get("succeeded").getAsLong()).isEqualTo(SUCCEEDED);
		assertThat(sidekiq.get("batchKeysWithoutTtl").getAsLong())
			.isEqualTo(LEAKED + MORE_LEAKED + DELETED + SUCCEEDED + LIVE + ORPHANED_JIDS);
	}

	@Test
	void textShowsTheNewestAuditsTopPatternsWithTheirGrowth() {
		Cli.Result report = cli("report", "audit");

		assertThat(report.exitCode()).as(report.err()).isZero();
		List<String> lines = report.out().lines().toList();
		assertThat(lines.get(0)).startsWith("#2  audit");
		assertThat(lines.get(1)).startsWith("#1  audit");
		assertThat(report.out()).contains("growth since audit execution 1")
			.containsPattern("b-\\*-notify +" + (notifyKeys() + MORE_LEAKED) + " +"
					+ (LEAKED + MORE_LEAKED + DELETED + SUCCEEDED + LIVE) + " +\\+" + MORE_LEAKED + " +\\+"
					+ MORE_LEAKED + " ")
			.contains("Suspected leaks:", "b-*-notify: +" + MORE_LEAKED + " keys without a TTL")
			.contains("Sidekiq Pro batches:");
		Cli.Result first = cli("report", "--execution", "1");
		assertThat(first.out()).contains("no previous audit of this Redis").contains("No suspected leak");
	}

	@Test
	void jsonHoldsEveryPatternRowOfEachAudit() {
		Cli.Result report = cli("report", "audit", "--format", "json");

		assertThat(report.exitCode()).as(report.err()).isZero();
		JsonArray runs = JsonParser.parseString(report.out()).getAsJsonObject().getAsJsonArray("runs");
		assertThat(runs).hasSize(2);
		JsonObject newest = runs.get(0).getAsJsonObject().getAsJsonObject("audit");
		assertThat(newest).isEqualTo(JsonParser.parseString(secondAudit.out()));
		Map<String, Long> withoutTtl = new HashMap<>();
		newest.getAsJsonArray("patterns")
			.forEach(row -> withoutTtl.put(row.getAsJsonObject().get("pattern").getAsString(),
					row.getAsJsonObject().get("withoutTtl").getAsLong()));
		assertThat(withoutTtl).containsOnlyKeys("b-*", "b-*-notify", "b-*-jids", "batch-died", "session:*")
			.containsEntry("b-*-jids", (long) ORPHANED_JIDS)
			.containsEntry("session:*", 40L);
		assertThat(runs.get(1).getAsJsonObject().getAsJsonObject("audit").has("previousExecution")).isFalse();
	}

	@Test
	void htmlChartsTheTopPatternsOverTheAuditsAndTablesTheNewest() throws Exception {
		Path html = dir.resolve("audits.html");
		Cli.Result report = cli("report", "--format", "html", "--out", html.toString());
		assertThat(report.exitCode()).as(report.err()).isZero();

		Document page = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(html.toFile());
		NodeList points = nodes(page, "//*[local-name()='section' and @data-job='audit']"
				+ "//*[local-name()='circle' and @data-series='b-*-notify']");
		Map<String, Long> notifyWithoutTtl = new HashMap<>();
		for (int i = 0; i < points.getLength(); i++) {
			Element point = (Element) points.item(i);
			notifyWithoutTtl.put(point.getAttribute("data-execution"),
					Long.parseLong(point.getAttribute("data-value")));
		}
		long first = LEAKED + DELETED + SUCCEEDED + LIVE;
		assertThat(notifyWithoutTtl).isEqualTo(Map.of("1", first, "2", first + MORE_LEAKED));
		NodeList notifyRow = nodes(page, "//*[local-name()='table' and @class='patterns']"
				+ "/*[local-name()='tbody']/*[local-name()='tr' and @data-pattern='b-*-notify']/*");
		assertThat(notifyRow.item(3).getTextContent()).isEqualTo("+" + MORE_LEAKED);
		assertThat(Files.readString(html)).contains("Suspected leaks").contains("jobs/sidekiq-batch-notify.yml");
	}

	@Test
	void batchesUnderARedisNamespaceAreCountedWithTheirNamespacedDeadSet() {
		int db = 2;
		try (Jedis jedis = redis.client()) {
			jedis.select(db);
			jedis.hset("myapp:b-vTF1-9QvLPnREQ", "total", "3");
			jedis.sadd("myapp:batch-died", "vTF1-9QvLPnREQ", "k_UQx93JxS_PRv");
			jedis.set("myapp:b-k_UQx93JxS_PRv-notify", "1");
			jedis.set("myapp:b-vTF1-9QvLPnREQ-notify", "1");
		}

		Cli.Result audit = Cli.in(dir.resolve("namespaced"), redis.url() + "/" + db, "audit");

		assertThat(audit.exitCode()).as(audit.err()).isZero();
		assertThat(audit.out()).contains("Sidekiq Pro batches: 1 (live 0, dead 1, deleted 0, succeeded 0)",
				"notify counters without a TTL: 2, 1 of them leaked (their batch is gone)",
				"dead-batch set myapp:batch-died: 2 bids, 1 of them of batches gone from Redis");
	}

	private static int notifyKeys() {
		return LEAKED + DELETED + SUCCEEDED + LIVE + DEAD + WITH_TTL;
	}

	private static NodeList nodes(Document page, String xpath) throws Exception {
		return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, page, XPathConstants.NODESET);
	}

	private static Cli.Result cli(String... args) {
		return Cli.in(dir, redis.url(), args);
	}

}
