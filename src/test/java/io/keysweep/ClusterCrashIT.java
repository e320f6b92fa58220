package io.keysweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.JobRepositoryRows.JobExecutionRow;
import io.keysweep.testing.KeysweepAcl;
import io.keysweep.testing.KeysweepProcess;
import io.keysweep.testing.RedisCluster;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/**
 * The packaged jar sweeps a 3-master cluster as the least-privilege ACL user, through one
 * node, with the Sidekiq batch-keys classifier and the dead-set step; it is killed
 * mid-run and resumed, and every key is checked.
 */
class ClusterCrashIT {

	private static final int BATCHES = 6_000;

	private static final long THIRTY_DAYS = 2_592_000;

	@TempDir
	Path dir;

	@Test
	void aKilledClusterSweepResumesAndLeavesNoKeyBehind() throws Exception {
		try (RedisCluster cluster = RedisCluster.start(3, false)) {
			for (RedisServer master : cluster.masters()) {
				try (Jedis admin = master.client()) {
					KeysweepAcl.grant(admin, KeysweepAcl.RULES);
				}
			}
			List<String> keys = new ArrayList<>();
			try (JedisCluster jedis = cluster.client(); ClusterPipeline p = jedis.pipelined()) {
				for (int i = 0; i < BATCHES; i++) {
					String bid = "%014d".formatted(i);
					p.set("b-" + bid + "-notify", "1");
					p.sadd("b-" + bid + "-jids", "jid");
					keys.add("b-" + bid + "-notify");
					keys.add("b-" + bid + "-jids");
				}
				p.sadd("batch-died", "gone0000000000", "gone0000000001");
				p.sync();
			}
			Definitions.write(dir.resolve("jobs"), "batches", """
					match: "b-*"
					scan-count: 10
					chunk-size: 10
					classifier: sidekiq-batch-keys
					ttl:
					  orphaned: 30d
					  deleted: 30d
					  dead: 180d
					  live: 30d
					dead-set: batch-died
					""");
			String url = KeysweepAcl.url(cluster.masters().get(1).port());
			String[] args = { "--redis-url", url, "--jobs-dir", dir.resolve("jobs").toString(), "--data-dir",
					dir.resolve("data").toString() };

			try (KeysweepProcess sweep = KeysweepProcess.start(dir.resolve("logs"), List.of("keysweep.lock.lease=3s"),
					concat(new String[] { "run", "batches" }, args))) {
				sweep.awaitUntil("sweeping", () -> expiriesSent(cluster) >= 500);
				sweep.kill();
			}
			assertThat(expiriesSent(cluster)).as("killed mid-run").isLessThan(2L * BATCHES);
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				try (JedisCluster jedis = cluster.client()) {
					return jedis.get("keysweep:lock:batches") == null;
				}
			});

			Cli.Result resumed = Cli.run(concat(new String[] { "resume", "batches" }, args));

			assertThat(resumed.exitCode()).as(resumed.err()).isZero();
			assertThat(JobRepositoryRows.jobExecutions(dir.resolve("data"))).extracting(JobExecutionRow::status)
				.containsExactly("FAILED", "COMPLETED");
			try (JedisCluster jedis = cluster.client()) {
				for (String key : keys) {
					assertThat(jedis.ttl(key)).as(key).isBetween(THIRTY_DAYS - 120, THIRTY_DAYS);
				}
				assertThat(jedis.exists("batch-died")).isFalse();
			}
		}
	}

	/** EXPIRE calls the masters served, from their own command statistics. */
	private static long expiriesSent(RedisCluster cluster) {
		long calls = 0;
		for (RedisServer master : cluster.masters()) {
			try (Jedis jedis = master.client()) {
				calls += jedis.info("commandstats")
					.lines()
					.filter(l -> l.startsWith("cmdstat_expire:"))
					.mapToLong(l -> Long.parseLong(l.replaceAll("^cmdstat_expire:calls=(\\d+),.*", "$1")))
					.sum();
			}
		}
		return calls;
	}

	private static String[] concat(String[] command, String[] args) {
		List<String> all = new ArrayList<>(List.of(command));
		all.addAll(List.of(args));
		return all.toArray(String[]::new);
	}

}
