package io.keysweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.keysweep.batch.SweepJobFactory;
import io.keysweep.batch.SweepParameters;
import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.report.RunRecord;
import io.keysweep.tally.SweepCounts;
import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Promtool;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.Seeder;
import io.keysweep.testing.SharedRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.ItemReadListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The shipped sidekiq-batch-keys job on a Sidekiq Pro keyspace with every key kind in
 * every batch state.
 */
class SidekiqBatchKeysSweepTest {

	private static final long DAY = 86_400;

	private static final String[] SUFFIXES = { "", "-jids", "-failinfo", "-notify", "-cbsucc", "-complete",
			"-success" };

	@RegisterExtension
	static final SharedRedis redis = SharedRedis.withApp();

	/**
	 * Writes every key a batch in this state has, none with a TTL unless managed; returns
	 * each key's expected TTL.
	 */
	private static Map<String, Long> batch(Pipeline p, String namespace, String bid, String state) {
		Map<String, Long> expected = new LinkedHashMap<>();
		String hash = namespace + "b-" + bid;
		for (String suffix : SUFFIXES) {
			String key = hash + suffix;
			if (suffix.isEmpty() && state.equals("orphaned")) {
				continue;
			}
			switch (suffix) {
				case "" -> p.hset(key,
						Map.of("total", "2", "created_at", String.valueOf(Instant.now().getEpochSecond() - 10 * DAY)));
				case "-jids", "-complete", "-success" -> p.sadd(key, "x");
				case "-failinfo" -> p.hset(key, "jid", "[\"E\",\"m\"]");
				default -> p.set(key, "1");
			}
			expected.put(key, switch (state) {
				case "live", "orphaned", "deleted", "succeeded" -> 30 * DAY;
				case "dead" -> 180 * DAY;
				default -> -1L;
			});
		}
		switch (state) {
			case "deleted" -> p.hset(hash, "deleted", "1");
			case "succeeded" -> p.hset(hash, "deleted", "2");
			case "dead" -> {
				p.sadd(hash + "-died", "jid");
				expected.put(hash + "-died", 180 * DAY);
			}
			case "managed" -> expected.keySet().forEach(k -> {
				p.expire(k, 7 * DAY);
				expected.put(k, 7 * DAY);
			});
			default -> {
			}
		}
		return expected;
	}

	@Test
	void givesEveryLeakedKeyOfEveryBatchStateItsExpiryAndPrunesTheDeadSet() throws Exception {
		Map<String, Long> expected = new LinkedHashMap<>();
		try (Jedis jedis = redis.client(); Pipeline p = jedis.pipelined()) {
			int i = 0;
			for (String state : new String[] { "live", "orphaned", "deleted", "succeeded", "dead", "managed" }) {
				expected.putAll(batch(p, "", "st-" + state.substring(0, 3) + "_" + String.format("%07d", i++), state));
			}
			p.set("b-0123456789abcdef-pending", "3"); // Pro 1.x, leaked before 1.2.0
			expected.put("b-0123456789abcdef-pending", 30 * DAY);
			p.set("b-unknownSuffix0-cbcomp", "1"); // reported, left alone
			expected.put("b-unknownSuffix0-cbcomp", -1L);
			p.rpush("b-wrongType00000-notify", "x"); // not a batch key
			expected.put("b-wrongType00000-notify", -1L);
			p.sadd("batch-died", "st-dea_0000004", "gone0000000000", "gone0000000001");
			p.set("batches", "x");
			p.set("queue:default", "x");
			p.sync();
		}
		JobDefinition definition = Definitions.shipped("sidekiq-batch-keys");

		JobExecution execution = redis.app()
			.launch(definition, SweepParameters.newRun(definition, false, 0, redis.url()));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		try (Jedis jedis = redis.client()) {
			for (Map.Entry<String, Long> key : expected.entrySet()) {
				long ttl = jedis.ttl(key.getKey());
				if (key.getValue() < 0) {
					assertThat(ttl).as(key.getKey()).isEqualTo(-1);
				}
				else {
					assertThat(ttl).as(key.getKey()).isBetween(key.getValue() - 60, key.getValue());
				}
			}
			assertThat(jedis.smembers("batch-died")).containsExactly("st-dea_0000004");
			assertThat(jedis.ttl("batch-died")).isEqualTo(-1);
			assertThat(jedis.ttl("batches")).isEqualTo(-1);
		}
		SweepCounts counts = RunRecord.counts(execution);
		assertThat(counts.classes()).containsEntry("unknown-suffix", 1L)
			.containsEntry("not-a-batch-key", 1L)
			.containsEntry("stale-dead-batch", 2L)
			.containsEntry("dead-batch-7d-to-30d", 1L);
		assertThat(counts.total(SweepCounts.REMOVED)).isEqualTo(2);
		assertThat(execution.getStepExecutions()).extracting(StepExecution::getStepName)
			.containsExactly(SweepJobFactory.STEP, SweepJobFactory.DEAD_SET_STEP);
	}

	@Test
	void honoursANamespaceInBothSteps(@TempDir Path jobs) throws Exception {
		Map<String, Long> expected;
		try (Jedis jedis = redis.client(); Pipeline p = jedis.pipelined()) {
			expected = batch(p, "myapp:", "ns-orphan00000", "orphaned");
			p.sadd("myapp:batch-died", "gone0000000000");
			p.sadd("batch-died", "gone0000000000");
			p.set("b-otherApp00000-notify", "1");
			p.sync();
		}
		Definitions.write(jobs, "namespaced", """
				namespace: myapp
				match: "b-*"
				classifier: sidekiq-batch-keys
				ttl: { orphaned: 30d, deleted: 30d, dead: 180d, live: 30d }
				dead-set: batch-died
				""");
		JobDefinition definition = new JobDefinitions(jobs).load("namespaced");
		assertThat(definition.scan().match()).isEqualTo("myapp:b-*");

		redis.app().launch(definition, SweepParameters.newRun(definition, false, 0, redis.url()));

		try (Jedis jedis = redis.client()) {
			expected.keySet().forEach(k -> assertThat(jedis.ttl(k)).as(k).isPositive());
			assertThat(jedis.ttl("b-otherApp00000-notify")).isEqualTo(-1);
			assertThat(jedis.scard("myapp:batch-died")).isZero();
			assertThat(jedis.scard("batch-died")).isEqualTo(1);
		}
	}

	/**
	 * A chunk's SREM holds Redis as long as the chunk is large: it is sent in slices of
	 * the SSCAN's COUNT, which max-command-time and scan-count bound.
	 */
	@Test
	void theSummaryTheReportsAndTheMetricsFileCountTheDeadSetsMembers(@TempDir Path dir) throws Exception {
		Path promtool = Promtool.require();
		int stale = 40;
		try (Jedis jedis = redis.client()) {
			BatchKeys.staleDeadBids(jedis, stale);
		}
		Definitions.write(dir.resolve("jobs"), "dead-set", Definitions.deadSetYaml(100, 100));
		Path metrics = dir.resolve("dead-set.prom");
		String labels = "{keysweep_job=\"dead-set\",target=\"" + redis.url().replaceFirst("^redis://", "") + "\"}";

		Cli.Result dryRun = Cli.in(dir, redis.url(), "run", "dead-set", "--dry-run", "--metrics-file",
				metrics.toString());

		assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
		assertThat(dryRun.out()).contains("dead-batch set: members removed 0, would remove " + stale + "\n");
		assertThat(Files.readString(metrics)).contains("keysweep_members_would_remove" + labels + " " + stale + ".0")
			.contains("keysweep_members_removed" + labels + " 0.0");

		Cli.Result run = Cli.in(dir, redis.url(), "run", "dead-set", "--metrics-file", metrics.toString());

		assertThat(run.exitCode()).as(run.err()).isZero();
		assertThat(run.out()).contains("dead-batch set: members removed " + stale + ", would remove 0\n");
		assertThat(Files.readString(metrics)).contains("keysweep_members_removed" + labels + " " + stale + ".0")
			.contains("keysweep_members_would_remove" + labels + " 0.0");
		try (Jedis jedis = redis.client()) {
			assertThat(jedis.exists("batch-died")).isFalse();
		}
		Promtool.assertAccepts(promtool, metrics);
		Cli.Result json = Cli.in(dir, redis.url(), "report", "dead-set", "--format", "json");
		assertThat(json.exitCode()).as(json.err()).isZero();
		assertThat(json.out().replaceAll("\\s", "")).contains("\"removed\":" + stale + ",\"would_remove\":0}")
			.contains("\"removed\":0,\"would_remove\":" + stale + "}");
		Cli.Result text = Cli.in(dir, redis.url(), "report", "dead-set");
		assertThat(text.out()).contains(", removed " + stale + " ").contains("would remove " + stale + " ");
		Cli.Result html = Cli.in(dir, redis.url(), "report", "dead-set", "--format", "html");
		assertThat(html.out()).contains(", removed " + stale + "<").contains(", would remove " + stale + "<");
	}

	@Test
	void removesAChunkOfMembersInSremsNoLargerThanTheSscansCount(@TempDir Path jobs) throws Exception {
		int stale = 300;
		try (Jedis jedis = redis.client()) {
			BatchKeys.staleDeadBids(jedis, stale);
			jedis.configResetStat();
		}
		Definitions.write(jobs, "dead-set", Definitions.deadSetYaml(10, 100));
		JobDefinition definition = new JobDefinitions(jobs).load("dead-set");

		JobExecution execution = redis.app()
			.launch(definition, SweepParameters.newRun(definition, false, 0, redis.url()));

		assertThat(RunRecord.counts(execution).total(SweepCounts.REMOVED)).isEqualTo(stale);
		try (Jedis jedis = redis.client()) {
			assertThat(jedis.exists("batch-died")).isFalse();
			Matcher srem = Pattern.compile("cmdstat_srem:calls=(\\d+)").matcher(jedis.info("commandstats"));
			assertThat(srem.find()).isTrue();
			assertThat(Long.parseLong(srem.group(1))).as("SREMs of at most 10 members")
				.isGreaterThanOrEqualTo(stale / 10);
		}
	}

	@Test
	void aRestartMidWayThroughTheDeadSetContinuesItsSscan(@TempDir Path jobs) throws Exception {
		int members = 6_000;
		try (Jedis jedis = redis.client()) {
			Seeder.seed(jedis, members, (p, i) -> {
				p.sadd("batch-died", Seeder.bid(i));
				if (i % 2 == 0) {
					p.hset("b-" + Seeder.bid(i), "total", "1");
					p.expire("b-" + Seeder.bid(i), 180 * DAY);
				}
			});
		}
		Definitions.write(jobs, "dead-set", Definitions.deadSetYaml(100, 70));
		JobDefinition definition = new JobDefinitions(jobs).load("dead-set");
		SweepParameters parameters = SweepParameters.newRun(definition, false, 0, redis.url());
		FailInTheDeadSet failInTheDeadSet = new FailInTheDeadSet(20 * 70 + 1);
		List<JobExecution> executions = new ArrayList<>();
		executions.add(redis.app().launch(definition, parameters, failInTheDeadSet));
		try (Jedis jedis = redis.client()) {
			assertThat(jedis.scard("batch-died")).isBetween((long) members / 2 + 1, members - 20 * 70L / 2 + 100);
		}
		executions.add(redis.app().launch(definition, parameters));

		assertThat(executions.get(0).getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(executions.get(1).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		StepExecution restartedDeadSet = executions.get(1)
			.getStepExecutions()
			.stream()
			.filter(s -> s.getStepName().equals(SweepJobFactory.DEAD_SET_STEP))
			.findFirst()
			.orElseThrow();
		// it goes on after the last member read; the page at the checkpoint lost the
		// members removed from it,
		// so at most that page's remaining members are read again
		assertThat(restartedDeadSet.getReadCount()).isBetween(members - 20 * 70L, members - 20 * 70L + 200);
		assertThat(executions.get(1).getStepExecutions()).as("the finished sweep step is not run again")
			.extracting(StepExecution::getStepName)
			.containsExactly(SweepJobFactory.DEAD_SET_STEP);
		try (Jedis jedis = redis.client()) {
			assertThat(jedis.scard("batch-died")).isEqualTo(members / 2);
			for (int i = 0; i < members; i += 1_000) {
				assertThat(jedis.sismember("batch-died", Seeder.bid(i))).isTrue();
				assertThat(jedis.sismember("batch-di" + "ed", Seeder.bid(i + 1))).isFalse();
			}
		}
		assertThat(RunRecord.counts(executions.get(1)).total(SweepCounts.REMOVED)).isEqualTo(members / 2);
		// the resume ran only the dead-set step: its report still says which Redis it
		// swept
		assertThat(RunRecord.of(executions.get(1), executions.get(0).getId()).redis().version()).isNotBlank();
	}

	/**
	 * Fails the dead-set step before its n-th read, between two chunks, as a crash would.
	 */
	private static final class FailInTheDeadSet implements StepExecutionListener, ItemReadListener<Object> {

		private final int failAt;

		private final AtomicInteger reads = new AtomicInteger();

		private String step;

		FailInTheDeadSet(int failAt) {
			this.failAt = failAt;
		}

		@Override
		public void beforeStep(StepExecution stepExecution) {
			step = stepExecution.getStepName();
		}

		@Override
		public void beforeRead() {
			if (SweepJobFactory.DEAD_SET_STEP.equals(step) && reads.incrementAndGet() == failAt) {
				throw new IllegalStateException("failing on purpose in the dead set");
			}
		}

	}

}
