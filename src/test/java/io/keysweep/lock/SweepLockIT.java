package io.keysweep.lock;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.keysweep.testing.Cli;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.JobRepositoryRows.JobExecutionRow;
import io.keysweep.testing.KeysweepProcess;
import io.keysweep.testing.LeakedKeyspace;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.SweepWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

import static io.keysweep.testing.SweepWorkspace.JOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two sweeps of one job against one Redis never run at once, even from separate job
 * repositories (two hosts): the lock lives in Redis. A killed holder's lock expires by
 * itself.
 */
class SweepLockIT {

	private static final int CHUNK = 200;

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@TempDir
	Path dir;

	@Test
	void aSecondSweepOfTheJobExitsTwoNamingTheHolderAndOnlyTheFirstSweeps() throws Exception {
		LeakedKeyspace keyspace = LeakedKeyspace.seed(redis);
		SweepWorkspace first = SweepWorkspace.create(dir, redis, CHUNK, CHUNK);
		SweepWorkspace second = first.withData(dir.resolve("other-host-data"));
		try (KeysweepProcess holder = first.start(List.of(), "run", JOB)) {
			holder.awaitUntil("sweeping", () -> LeakedKeyspace.expiriesSent(redis) >= 3 * CHUNK);
			// frozen, the holder keeps its lock for the lease (30 s) however slowly the
			// second process starts
			redis.pauseWrites();
			holder.signal("STOP");
			redis.unpauseWrites();
			Cli.Result contender = Cli.run(second.args("run", JOB));
			holder.signal("CONT");

			assertThat(contender.exitCode()).as(contender.err()).isEqualTo(2);
			assertThat(contender.err().lines()).singleElement()
				.asString()
				.contains("job '" + JOB + "' is being swept against 127.0.0.1:" + redis.port())
				.contains("by pid " + holder.pid())
				.contains("on host " + InetAddress.getLocalHost().getHostName())
				.containsPattern("since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
			assertThat(holder.waitForExit()).as(holder.err()).isZero();
		}
		assertThat(JobRepositoryRows.jobExecutions(first.data())).singleElement()
			.extracting(JobExecutionRow::status)
			.isEqualTo("COMPLETED");
		assertThat(JobRepositoryRows.jobExecutions(second.data())).isEmpty();
		keyspace.assertSweptCompletely(redis);
		assertThat(LeakedKeyspace.expiriesSent(redis)).isEqualTo(LeakedKeyspace.TO_EXPIRE);
	}

	@Test
	void aHolderWhoseLeaseRanOutStopsAtTheNextChunkBoundaryAndLeavesTheNewHoldersLockAlone() {
		LeakedKeyspace.seed(redis);
		SweepWorkspace workspace = SweepWorkspace.create(dir, redis, CHUNK, CHUNK);
		String successor = "host=elsewhere pid=1 since=2030-01-01T00:00:00Z token=successor";
		try (KeysweepProcess stalled = workspace.start(List.of("keysweep.lock.lease=3s"), "run", JOB)) {
			stalled.awaitUntil("sweeping", () -> LeakedKeyspace.expiriesSent(redis) >= 3 * CHUNK);
			// a stalled process (a long GC pause, a frozen VM) outlives its lease and
			// another process takes the lock
			redis.pauseWrites();
			stalled.signal("STOP");
			redis.unpauseWrites();
			await().atMost(Duration.ofSeconds(30)).until(() -> workspace.lock() == null);
			try (Jedis jedis = redis.client()) {
				jedis.set("keysweep:lock:" + JOB, successor, SetParams.setParams().nx().px(60_000));
			}
			stalled.signal("CONT");

			assertThat(stalled.waitForExit()).as(stalled.err()).isEqualTo(4);
			assertThat(stalled.out()).contains("Lost the lock keysweep:lock:" + JOB);
		}
		assertThat(JobRepositoryRows.jobExecutions(workspace.data())).singleElement()
			.extracting(JobExecutionRow::status)
			.isEqualTo("STOPPED");
		assertThat(workspace.lock()).isEqualTo(successor);
		try (Jedis jedis = redis.client()) {
			jedis.del("keysweep:lock:" + JOB);
		}
	}

	@Test
	void aResumeOnTheSameHostRightAfterAKillTakesOverTheDeadHoldersLock() {
		LeakedKeyspace keyspace = LeakedKeyspace.seed(redis);
		SweepWorkspace workspace = SweepWorkspace.create(dir, redis, CHUNK, CHUNK);
		long pid;
		try (KeysweepProcess holder = workspace.start(List.of(), "run", JOB)) {
			pid = holder.pid();
			holder.awaitUntil("sweeping", () -> LeakedKeyspace.expiriesSent(redis) >= 3 * CHUNK);
			// killed inside a chunk
			redis.pauseWrites();
			holder.kill();
			redis.unpauseWrites();
		}
		// the killed holder's lease (30 s) still runs: only the pid, gone from this host,
		// proves it dead
		assertThat(workspace.lock()).contains("pid=" + pid);

		Cli.Result resumed = Cli.run(workspace.args("resume", JOB));

		assertThat(resumed.exitCode()).as(resumed.err()).isZero();
		assertThat(resumed.out() + resumed.err()).doesNotContain("being swept");
		assertThat(JobRepositoryRows.jobExecutions(workspace.data())).extracting(JobExecutionRow::status)
			.containsExactly("FAILED", "COMPLETED");
		keyspace.assertSweptCompletely(redis);
		assertThat(workspace.lock()).isNull();
	}

	@Test
	void theLockOfAKilledHolderExpiresByItselfAndAnotherSweepThenRuns() {
		LeakedKeyspace keyspace = LeakedKeyspace.seed(redis);
		SweepWorkspace first = SweepWorkspace.create(dir, redis, CHUNK, CHUNK);
		long pid;
		try (KeysweepProcess holder = first.start(List.of("keysweep.lock.lease=3s"), "run", JOB)) {
			pid = holder.pid();
			holder.awaitUntil("sweeping", () -> LeakedKeyspace.expiriesSent(redis) >= 3 * CHUNK);
			// killed inside a chunk
			redis.pauseWrites();
			holder.kill();
			redis.unpauseWrites();
		}
		assertThat(first.lock()).contains("pid=" + pid);

		await().atMost(Duration.ofSeconds(30)).until(() -> first.lock() == null);
		SweepWorkspace second = first.withData(dir.resolve("other-host-data"));
		Cli.Result next = Cli.run(second.args("run", JOB));

		assertThat(next.exitCode()).as(next.err()).isZero();
		assertThat(JobRepositoryRows.jobExecutions(second.data())).singleElement()
			.extracting(JobExecutionRow::status)
			.isEqualTo("COMPLETED");
		keyspace.assertSweptCompletely(redis);
	}

}
