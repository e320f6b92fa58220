package io.keysweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.JobRepositoryKind;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.JobRepositoryRows.JobExecutionRow;
import io.keysweep.testing.KeysweepProcess;
import io.keysweep.testing.NotifyCounters;
import io.keysweep.testing.RedisCluster;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.TestRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run --all --skip-done-within} workers over one 3-master Redis Cluster, with a
 * PostgreSQL job repository: each master is a part of its own, so the masters are swept
 * by several workers at once. A first worker is killed with kill -9 in the middle of the
 * first master; two workers started after it share the masters, one of them resumes the
 * dead worker's master once its lock's lease has run out, and every master is swept once:
 * one run per master, completed, every key given its expiry. A worker started after them
 * sweeps nothing.
 */
class FleetClusterIT {

	/** About 300 a master: six seconds each at the rate below. */
	private static final int KEYS = 900;

	private static final long THIRTY_DAYS = 2_592_000;

	@Test
	void workersShareTheMastersOfAClusterAndResumeADeadWorkersMaster(@TempDir Path dir) throws Exception {
		try (RedisCluster cluster = RedisCluster.start(3, false)) {
			try (JedisCluster jedis = cluster.client(); ClusterPipeline pipeline = jedis.pipelined()) {
				for (int i = 0; i < KEYS; i++) {
					pipeline.set(NotifyCounters.key(i), "1");
				}
				pipeline.sync();
			}
			Path targetsFile = Files.writeString(dir.resolve("targets.yml"),
					"keysweep:\n  targets:\n    cluster:\n      url: " + cluster.url() + "\n");
			Definitions.write(dir.resolve("jobs"), "notify",
					Definitions.notifyYaml(NotifyCounters.MATCH, 10, 10) + "rate: 50\n");
			TestRepository repository = JobRepositoryKind.POSTGRESQL.create(dir.resolve("data"));
			List<String> args = new ArrayList<>(List.of("run", "--all", "--skip-done-within", "12h", "--targets",
					targetsFile.toString(), "--jobs-dir", dir.resolve("jobs").toString(), "--data-dir",
					dir.resolve("data").toString()));
			args.addAll(repository.args());
			String[] worker = args.toArray(String[]::new);
			List<String> shortLease = List.of("keysweep.lock.lease=3s");
			RedisServer first = cluster.masters().get(0);

			try (KeysweepProcess victim = KeysweepProcess.start(dir.resolve("logs"), shortLease, worker)) {
				// alone, it takes the first master (slots 0-5460) first
				victim.awaitUntil("the first master half swept", () -> withTtl(first) >= 60);
				victim.kill();
			}
			assertThat(withoutTtl(first)).as("killed in the middle of the first master").isPositive();

			List<KeysweepProcess> workers = new ArrayList<>();
			try {
				for (int i = 0; i < 2; i++) {
					workers.add(KeysweepProcess.start(dir.resolve("logs"), shortLease, worker));
				}
				for (KeysweepProcess survivor : workers) {
					assertThat(survivor.waitForExit()).as(survivor.out() + survivor.err()).isZero();
					assertThat(survivor.out()).as("each worker swept a master itself")
						.containsPattern("== notify \\[slots [0-9-]+\\]: exit code 0");
				}
				assertThat(workers.get(0).out() + workers.get(1).out()).as("the dead worker's master, resumed")
					.contains("== notify [slots 0-5460]: exit code 0");
			}
			finally {
				workers.forEach(KeysweepProcess::close);
			}

			for (RedisServer master : cluster.masters()) {
				assertThat(withoutTtl(master)).as(master.url()).isZero();
			}
			try (JedisCluster jedis = cluster.client()) {
				for (int i = 0; i < KEYS; i++) {
					assertThat(jedis.ttl(NotifyCounters.key(i))).isBetween(THIRTY_DAYS - 300, THIRTY_DAYS);
				}
			}
			List<JobExecutionRow> executions = JobRepositoryRows.jobExecutions(repository);
			Map<String, List<JobExecutionRow>> byMaster = executions.stream()
				.collect(Collectors.groupingBy(
						e -> JobRepositoryRows.parameters(repository, e.id()).getOrDefault("master-slots", "-")));
			assertThat(byMaster).containsOnlyKeys("0-5460", "5461-10921", "10922-16383");
			byMaster.forEach((slots, ofMaster) -> {
				assertThat(ofMaster).as(slots)
					.extracting(JobExecutionRow::instanceId)
					.containsOnly(ofMaster.get(0).instanceId());
				assertThat(ofMaster).as(slots).filteredOn(e -> e.status().equals("COMPLETED")).hasSize(1);
			});
			assertThat(byMaster.get("0-5460")).as("the killed worker's execution, then its resume")
				.extracting(JobExecutionRow::status)
				.containsExactly("FAILED", "COMPLETED");

			try (KeysweepProcess again = KeysweepProcess.start(dir.resolve("logs"), shortLease, worker)) {
				assertThat(again.waitForExit()).isZero();
				assertThat(again.out()).contains("notify [slots 0-5460]: not swept again",
						"notify [slots 5461-10921]: not swept again", "notify [slots 10922-16383]: not swept again");
			}
			assertThat(JobRepositoryRows.jobExecutions(repository)).hasSameSizeAs(executions);

			List<String> report = new ArrayList<>(List.of("report", "--data-dir", dir.resolve("data").toString()));
			report.addAll(repository.args());
			Cli.Result shown = Cli.run(report.toArray(String[]::new));
			assertThat(shown.exitCode()).as(shown.err()).isZero();
			assertThat(shown.out()).contains("redis cluster [slots 0-5460]", "redis cluster [slots 5461-10921]",
					"redis cluster [slots 10922-16383]");
		}
	}

	private static long withTtl(RedisServer master) {
		return notifyKeys(master).stream().filter(ttl -> ttl > 0).count();
	}

	private static long withoutTtl(RedisServer master) {
		return notifyKeys(master).stream().filter(ttl -> ttl == -1).count();
	}

	/** The TTL of each notify counter the master holds. */
	private static List<Long> notifyKeys(RedisServer master) {
		List<Long> ttls = new ArrayList<>();
		try (Jedis jedis = master.client()) {
			String cursor = ScanParams.SCAN_POINTER_START;
			do {
				ScanResult<String> page = jedis.scan(cursor, new ScanParams().match(NotifyCounters.MATCH).count(100));
				page.getResult().forEach(key -> ttls.add(jedis.ttl(key)));
				cursor = page.getCursor();
			}
			while (!cursor.equals(ScanParams.SCAN_POINTER_START));
		}
		return ttls;
	}

}
