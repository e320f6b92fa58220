package io.keysweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.keysweep.batch.SweepParameters;
import io.keysweep.classify.KeyFacts;
import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.lock.Lease;
import io.keysweep.lock.LockHeldException;
import io.keysweep.lock.SweepLock;
import io.keysweep.report.RunRecord;
import io.keysweep.tally.SweepCounts;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.JobRepositoryRows.StepExecutionRow;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.RedisCluster;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.ItemReadListener;
import org.springframework.batch.core.step.StepExecution;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A real 3-master Redis Cluster, swept through one node: one partition per master in
 * parallel, companions on other nodes, a failed partition resumed alone from its
 * checkpoint, a failover between the failure and the resume, and one rate for all the
 * masters together.
 */
class ClusterSweepTest {

	private static final int BATCHES = 1_500;

	private static final long THIRTY_DAYS = 2_592_000;

	@TempDir
	Path dir;

	/**
	 * Leaked notify keys, and live ones whose b-<bid> hash (another slot, mostly another
	 * node) keeps them.
	 */
	private static List<String> seed(RedisCluster cluster) {
		List<String> keys = new ArrayList<>();
		try (JedisCluster jedis = cluster.client(); ClusterPipeline p = jedis.pipelined()) {
			for (int i = 0; i < BATCHES; i++) {
				String bid = "%014d".formatted(i);
				p.set("b-" + bid + "-notify", "1");
				if (i % 2 == 1) {
					p.hset("b-" + bid, "total", "3");
					p.expire("b-" + bid, THIRTY_DAYS + 86_400);
				}
				keys.add("b-" + bid + "-notify");
			}
			p.sync();
		}
		return keys;
	}

	private JobDefinition definition() {
		Definitions.write(dir.resolve("jobs"), "cluster", Definitions.notifyYaml("b-*-notify", 100, 50));
		return new JobDefinitions(dir.resolve("jobs")).load("cluster");
	}

	/**
	 * Fails, once, the partition of the first master's slots after it read a few chunks.
	 */
	private static ItemReadListener<KeyFacts> failFirstMasterOnce() {
		AtomicInteger reads = new AtomicInteger();
		AtomicBoolean failed = new AtomicBoolean();
		return new ItemReadListener<>() {
			@Override
			public void afterRead(KeyFacts item) {
				if (JedisClusterCRC16.getSlot(item.key()) < 16_384 / 3 && reads.incrementAndGet() > 120
						&& failed.compareAndSet(false, true)) {
					throw new IllegalStateException("failing on purpose");
				}
			}
		};
	}

	private static void assertEveryKeyExpires(RedisCluster cluster, List<String> keys) {
		try (JedisCluster jedis = cluster.client()) {
			for (String key : keys) {
				assertThat(jedis.ttl(key)).as(key).isGreaterThan(THIRTY_DAYS - 60);
			}
		}
	}

	private static List<String> partitions(JobExecution execution) {
		return execution.getStepExecutions()
			.stream()
			.map(StepExecution::getStepName)
			.filter(name -> name.contains(":"))
			.sorted()
			.toList();
	}

	@Test
	void sweepsEveryMasterAsAPartitionAndResumesOnlyTheUnfinishedOne() throws Exception {
		try (RedisCluster cluster = RedisCluster.start(3, false)) {
			List<String> keys = seed(cluster);
			JobDefinition definition = definition();
			try (TestApp app = TestApp.start(cluster.url(), dir.resolve("data"))) {
				SweepParameters parameters = SweepParameters.newRun(definition, false, 0, cluster.url());

				JobExecution failed = app.launch(definition, parameters, failFirstMasterOnce());
				JobExecution resumed = app.launch(definition, parameters);

				assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
				assertThat(partitions(failed)).hasSize(3);
				assertThat(failed.getStepExecutions()).filteredOn(s -> s.getStepName().contains(":"))
					.extracting(StepExecution::getStatus)
					.containsExactlyInAnyOrder(BatchStatus.FAILED, BatchStatus.COMPLETED, BatchStatus.COMPLETED);
				assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
				assertThat(partitions(resumed)).hasSize(1).first().asString().startsWith("sweep:slots-0-");
				assertEveryKeyExpires(cluster, keys);
				// each partition counts its own node's keys, a resumed one across its
				// restarts: the nodes add up
				long expired = 0;
				long live = 0;
				for (JobExecution execution : List.of(failed, resumed)) {
					for (StepExecution step : execution.getStepExecutions()) {
						if (step.getStatus() == BatchStatus.COMPLETED && step.getStepName().contains(":")) {
							SweepCounts node = SweepCounts.from(step.getExecutionContext());
							expired += node.total(SweepCounts.EXPIRED);
							live += node.ofClass("live");
						}
					}
				}
				assertThat(expired).isEqualTo(BATCHES);
				assertThat(live).isEqualTo(BATCHES / 2);
				assertThat(RunRecord.counts(resumed).total(SweepCounts.SCANNED)).isLessThan(BATCHES / 2);
				// the report of a run adds up its nodes, and names the step of each
				RunRecord report = RunRecord.of(failed, null);
				assertThat(report.counts().scanned())
					.isEqualTo(failed.getStepExecutions()
						.stream()
						.mapToLong(s -> SweepCounts.from(s.getExecutionContext()).total(SweepCounts.SCANNED))
						.sum())
					.isGreaterThan(BATCHES / 2);
				assertThat(report.steps()).extracting(RunRecord.StepRecord::name).hasSize(4).contains("sweep");
				assertThat(report.redis().version()).startsWith("7.");
			}
		}
	}

	/**
	 * A fleet's run of one master holds a lock on that master, and keeps apart from a run
	 * of the whole cluster, each way; the other masters stay free.
	 */
	@Test
	void aFleetsLockOfOneMasterLivesOnItAndKeepsTheWholeClusterRunOut() throws Exception {
		try (RedisCluster cluster = RedisCluster.start(3, false);
				TestApp app = TestApp.start(cluster.url(), dir.resolve("data"))) {
			SweepLock lock = app.bean(SweepLock.class);
			try (Lease master = lock.acquire("cluster", "5461-10921", false)) {
				try (Jedis second = cluster.masters().get(1).client()) {
					assertThat(second.keys("keysweep:lock:*")).singleElement()
						.asString()
						.startsWith("keysweep:lock:cluster:slot-5461{");
				}
				assertThatThrownBy(() -> lock.acquire("cluster", false)).isInstanceOf(LockHeldException.class)
					.hasMessageContaining("keysweep:lock:cluster:slot-5461{");
				assertThatThrownBy(() -> lock.acquire("cluster", "5461-10921", false))
					.isInstanceOf(LockHeldException.class);
				lock.acquire("cluster", "0-5460", false).close();
			}
			try (Lease whole = lock.acquire("cluster", false)) {
				assertThatThrownBy(() -> lock.acquire("cluster", "0-5460", false)).isInstanceOf(LockHeldException.class)
					.hasMessageContaining("(lock keysweep:lock:cluster;");
			}
			for (RedisServer master : cluster.masters()) {
				try (Jedis jedis = master.client()) {
					assertThat(jedis.keys("keysweep:lock:*")).as("released, every one").isEmpty();
				}
			}
		}
	}

	@Test
	void theLimitHoldsEachMasterAsItHoldsEachDatabase() throws Exception {
		long limit = 100;
		try (RedisCluster cluster = RedisCluster.start(3, false)) {
			List<String> keys = seed(cluster);
			JobDefinition definition = definition();
			try (TestApp app = TestApp.start(cluster.url(), dir.resolve("data"))) {
				JobExecution execution = app.launch(definition,
						SweepParameters.newRun(definition, false, limit, cluster.url()));

				assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
				assertThat(execution.getStepExecutions()).filteredOn(s -> s.getStepName().contains(":"))
					.hasSize(3)
					.allSatisfy(partition -> assertThat(partition.getReadCount()).isEqualTo(limit));
				try (JedisCluster jedis = cluster.client()) {
					assertThat(keys.stream().filter(key -> jedis.ttl(key) > 0).count()).isEqualTo(3 * limit);
				}
			}
		}
	}

	@Test
	void aSeedThatIsDownIsPassedForTheNextNodeListed() throws Exception {
		try (RedisCluster cluster = RedisCluster.start(3, false)) {
			List<String> keys = seed(cluster);
			definition();
			String seeds = "redis://127.0.0.1:" + RedisServer.freePort() + ","
					+ cluster.url().substring("redis://".length());

			Cli.Result run = Cli.in(dir, seeds, "run", "cluster");

			assertThat(run.exitCode()).as(run.err()).isZero();
			assertEveryKeyExpires(cluster, keys);
		}
	}

	@Test
	void theRateHoldsTheMastersSweptAtOnceTogether() throws Exception {
		long rate = 1_000;
		try (RedisCluster cluster = RedisCluster.start(3, false)) {
			List<String> keys = seed(cluster);
			definition();

			Cli.Result run = Cli.in(dir, cluster.url(), "run", "cluster", "--rate", Long.toString(rate), "--threads",
					"3");

			assertThat(run.exitCode()).as(run.err()).isZero();
			assertEveryKeyExpires(cluster, keys);
			// the partitioned step spans its partitions and adds up what they read; one
			// rate per master would
			// read these keys three times as fast
			List<StepExecutionRow> steps = JobRepositoryRows.stepExecutions(dir.resolve("data"));
			assertThat(steps).hasSize(4)
				.filteredOn(step -> step.name().equals("sweep"))
				.singleElement()
				.satisfies(sweep -> assertThat(sweep.readCount()).isEqualTo(BATCHES));
			assertThat(steps).allSatisfy(step -> assertThat(step.elapsed())
				.as("%s: %d keys at %d keys/s", step.name(), step.readCount(), rate)
				.isGreaterThanOrEqualTo(step.leastTimeAt(rate)));
		}
	}

	@Test
	void aSlotMovedDuringTheSweepIsFollowedNotFatal() throws Exception {
		try (RedisCluster cluster = RedisCluster.start(3, false)) {
			List<String> keys = seed(cluster);
			// leaked notify keys that share one slot of the first master; it moves once
			// one of them was read
			int slot = keys.stream()
				.mapToInt(JedisClusterCRC16::getSlot)
				.filter(s -> s < 16_384 / 3)
				.findFirst()
				.orElseThrow();
			List<String> sameSlot = new ArrayList<>();
			try (JedisCluster jedis = cluster.client()) {
				for (int i = 0; sameSlot.size() < 5; i++) {
					String key = "b-MOVED%09d-notify".formatted(i);
					if (JedisClusterCRC16.getSlot(key) == slot) {
						jedis.set(key, "1");
						sameSlot.add(key);
					}
				}
			}
			Definitions.write(dir.resolve("jobs"), "cluster", Definitions.notifyYaml("b-*-notify", 1_000, 1_000));
			JobDefinition definition = new JobDefinitions(dir.resolve("jobs")).load("cluster");
			AtomicBoolean moved = new AtomicBoolean();
			ItemReadListener<KeyFacts> moveOnRead = new ItemReadListener<>() {
				@Override
				public void afterRead(KeyFacts item) {
					if (JedisClusterCRC16.getSlot(item.key()) == slot && moved.compareAndSet(false, true)) {
						cluster.moveSlot(slot, cluster.masters().get(0), cluster.masters().get(1));
					}
				}
			};
			try (TestApp app = TestApp.start(cluster.url(), dir.resolve("data"))) {
				JobExecution execution = app.launch(definition,
						SweepParameters.newRun(definition, false, 0, cluster.url()), moveOnRead);

				assertThat(moved).isTrue();
				assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
				keys.addAll(sameSlot);
				// a chunk that meets MOVED is sent again whole: what its first attempt
				// expired counts as changed. Whether a chunk meets it depends on timing:
				// a
				// read-ahead page's lookups may meet MOVED first, and the chunk's EXPIREs
				// then go straight to the new master. The moved slot's keys may be read
				// again on their new master, before or after that
				long inSlot = keys.stream().filter(k -> JedisClusterCRC16.getSlot(k) == slot).count();
				SweepCounts counts = RunRecord.counts(execution);
				assertThat(counts.total(SweepCounts.EXPIRED) + counts.total(SweepCounts.CHANGED_MEANWHILE))
					.isBetween((long) keys.size(), keys.size() + inSlot);
				assertEveryKeyExpires(cluster, keys);
			}
		}
	}

	@Test
	void aFailoverBetweenRunsRescansTheSlotsOnTheirNewMasterFromCursorZero() throws Exception {
		try (RedisCluster cluster = RedisCluster.start(3, true)) {
			List<String> keys = seed(cluster);
			JobDefinition definition = definition();
			try (TestApp app = TestApp.start(cluster.url(), dir.resolve("data"))) {
				SweepParameters parameters = SweepParameters.newRun(definition, false, 0, cluster.url());

				JobExecution failed = app.launch(definition, parameters, failFirstMasterOnce());
				cluster.failOver();
				JobExecution resumed = app.launch(definition, parameters);

				assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
				assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
				StepExecution partition = resumed.getStepExecutions()
					.stream()
					.filter(s -> s.getStepName().contains(":"))
					.findFirst()
					.orElseThrow();
				String newMasterRunId;
				try (Jedis jedis = cluster.replica().client()) {
					newMasterRunId = jedis.info("server")
						.lines()
						.filter(l -> l.startsWith("run_id:"))
						.findFirst()
						.orElseThrow()
						.substring("run_id:".length())
						.strip();
				}
				assertThat(partition.getExecutionContext().getString("scan.redis-run-id")).isEqualTo(newMasterRunId);
				assertThat(partition.getExecutionContext().getString("cluster.node"))
					.isEqualTo("127.0.0.1:" + cluster.replica().port());
				assertEveryKeyExpires(cluster, keys);
			}
		}
	}

}
