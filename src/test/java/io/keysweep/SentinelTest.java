package io.keysweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.keysweep.batch.SweepParameters;
import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.report.RunRecord;
import io.keysweep.tally.SweepCounts;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.Seeder;
import io.keysweep.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.ItemReadListener;
import redis.clients.jedis.Jedis;

/**
 * A master, a replica and a sentinel: the sweep follows the sentinel to the master, also
 * after a failover.
 */
class SentinelTest {

	@Test
	void aSweepInterruptedByAFailoverFinishesOnTheNewMasterFromCursorZero(@TempDir Path dir) throws Exception {
		int keys = 3_000;
		try (RedisServer master = RedisServer.latest();
				RedisServer replica = RedisServer.latest("--replicaof", "127.0.0.1", String.valueOf(master.port()));
				RedisServer sentinel = RedisServer.sentinelOf(master)) {
			awaitInfo(replica, "master_link_status:up");
			try (Jedis jedis = master.client()) {
				Seeder.seed(jedis, keys, (p, i) -> p.set("b-" + Seeder.bid(i) + "-notify", "1"));
				assertThat(jedis.waitReplicas(1, 1_000)).isEqualTo(1);
			}
			awaitMasterPort(sentinel, master.port());
			Definitions.write(dir.resolve("jobs"), "notify", Definitions.notifyYaml("b-*-notify", 100, 100));
			JobDefinition definition = new JobDefinitions(dir.resolve("jobs")).load("notify");
			String url = "redis-sentinel://127.0.0.1:" + sentinel.port() + "/mymaster";

			try (TestApp app = TestApp.start(url, dir.resolve("data"))) {
				SweepParameters parameters = SweepParameters.newRun(definition, false, 0, url);
				JobExecution interrupted = app.launch(definition, parameters, failAfterReads(1_000));
				assertThat(interrupted.getStatus()).isEqualTo(BatchStatus.FAILED);
				try (Jedis jedis = master.client()) {
					assertThat(jedis.waitReplicas(1, 1_000)).isEqualTo(1);
				}

				try (Jedis jedis = sentinel.client()) {
					jedis.sentinelFailover("mymaster");
				}
				awaitMasterPort(sentinel, replica.port());
				awaitInfo(replica, "role:master");

				JobExecution resumed = app.launch(definition, parameters);

				assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
				SweepCounts counts = RunRecord.counts(resumed);
				assertThat(counts.ofClass("has-ttl")).as("the keys of the first run, seen again from cursor 0")
					.isEqualTo(1_000);
				assertThat(counts.total(SweepCounts.EXPIRED)).isEqualTo(keys);
			}
			try (Jedis jedis = replica.client()) {
				for (int i = 0; i < keys; i++) {
					assertThat(jedis.ttl("b-" + Seeder.bid(i) + "-notify")).isPositive();
				}
			}
		}
	}

	private static ItemReadListener<Object> failAfterReads(int reads) {
		AtomicInteger count = new AtomicInteger();
		return new ItemReadListener<>() {
			@Override
			public void beforeRead() {
				if (count.incrementAndGet() == reads + 1) {
					throw new IllegalStateException("failing on purpose after " + reads + " keys");
				}
			}
		};
	}

	private static void awaitMasterPort(RedisServer sentinel, int port) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			try (Jedis jedis = sentinel.client()) {
				List<String> address = jedis.sentinelGetMasterAddrByName("mymaster");
				if (address != null && address.get(1).equals(String.valueOf(port))) {
					return;
				}
			}
			Thread.sleep(100);
		}
		throw new AssertionError("the sentinel never named port " + port + " as the master");
	}

	private static void awaitInfo(RedisServer server, String replicationLine) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			try (Jedis jedis = server.client()) {
				if (jedis.info("replication").contains(replicationLine)) {
					return;
				}
			}
			Thread.sleep(100);
		}
		throw new AssertionError("port " + server.port() + " never showed " + replicationLine);
	}

}
