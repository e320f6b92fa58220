package io.keysweep.run;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.keysweep.batch.SweepJobFactory;
import io.keysweep.tally.SweepCounts;
import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.CommandStats;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.JobRepositoryRows.JobExecutionRow;
import io.keysweep.testing.JobRepositoryRows.StepExecutionRow;
import io.keysweep.testing.JobRepositoryKind;
import io.keysweep.testing.KeysweepProcess;
import io.keysweep.testing.LeakedKeyspace;
import io.keysweep.testing.NotifyCounters;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.SweepWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

import static io.keysweep.testing.SweepWorkspace.JOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 in the middle of a sweep, then resume: the dead owner is proven dead by its
 * lock, not guessed.
 */
class CrashRecoveryIT {

	private static final int CHUNK = 200;

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@TempDir
	Path dir;

	@ParameterizedTest
	@EnumSource(JobRepositoryKind.class)
	void resumeAfterKillOnAnotherHostFinishesTheSweepOnceTheDeadOwnersLeaseRunsOut(JobRepositoryKind kind) {
		LeakedKeyspace keyspace = LeakedKeyspace.seed(redis);
		SweepWorkspace workspace = SweepWorkspace.create(dir, redis, CHUNK, CHUNK, kind);
		long pid;
		// a lease long enough that the dead owner's lock is still there when resume first
		// looks
		try (KeysweepProcess sweep = workspace.start(List.of("keysweep.lock.lease=10s"), "run", JOB)) {
			pid = sweep.pid();
			sweep.awaitUntil("sweeping", () -> LeakedKeyspace.expiriesSent(redis) >= 3 * CHUNK);
			// killed inside a chunk
			redis.pauseWrites();
			sweep.kill();
			redis.unpauseWrites();
		}

		assertThat(JobRepositoryRows.jobExecutions(workspace.repository())).singleElement()
			.extracting(JobExecutionRow::status)
			.isEqualTo("STARTED");
		List<StepExecutionRow> steps = JobRepositoryRows.stepExecutions(workspace.repository());
		assertThat(steps).hasSize(1);
		assertThat(steps.get(0).commitCount()).as("chunks committed before the kill").isPositive();

		// a dead holder on this host is proven dead by its pid (SweepLockIT); one on
		// another host never is
		try (Jedis jedis = redis.client()) {
			String value = workspace.lock();
			jedis.set("keysweep:lock:" + JOB, value.replaceFirst("host=\\S+", "host=another-host"),
					SetParams.setParams().keepTtl());
		}
		Cli.Result refused = Cli.run(workspace.args("resume", JOB));
		assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
		assertThat(refused.err()).contains("cannot prove that the process running execution")
			.contains("by pid " + pid)
			.contains("expires in");
		assertThat(JobRepositoryRows.jobExecutions(workspace.repository())).singleElement()
			.extracting(JobExecutionRow::status)
			.isEqualTo("STARTED");

		await().atMost(Duration.ofSeconds(30)).until(() -> workspace.lock() == null);
		long expiriesBeforeResume = LeakedKeyspace.expiriesSent(redis);
		// what the resumed execution reads, apart from the pages the killed one had
		// fetched ahead
		CommandStats.reset(redis);
		Cli.Result resumed = Cli.run(workspace.args("resume", JOB));

		assertThat(resumed.exitCode()).as(resumed.err()).isZero();
		List<JobExecutionRow> executions = JobRepositoryRows.jobExecutions(workspace.repository());
		assertThat(executions).extracting(JobExecutionRow::status).containsExactly("FAILED", "COMPLETED");
		assertThat(executions.get(1).instanceId()).isEqualTo(executions.get(0).instanceId());
		keyspace.assertSweptCompletely(redis);
		// the resumed execution read what the killed one had not committed, and again the
		// checkpoint's page and the chunk that never committed, nothing more
		long notCommitted = LeakedKeyspace.MATCHING - steps.get(0).readCount();
		assertThat(LeakedKeyspace.keysRead(redis)).isBetween(notCommitted, notCommitted + 3L * CHUNK);
		assertThat(expiriesBeforeResume + LeakedKeyspace.expiriesSent(redis)).isBetween((long) LeakedKeyspace.TO_EXPIRE,
				LeakedKeyspace.TO_EXPIRE + (long) CHUNK);
	}

	/**
	 * H2 took sequence values 32 at a time and recorded them all as used: after a crash
	 * the next execution was 33, not 2.
	 */
	@ParameterizedTest
	@EnumSource(JobRepositoryKind.class)
	void executionIdsStayConsecutiveAfterACrash(JobRepositoryKind kind) {
		LeakedKeyspace keyspace = LeakedKeyspace.seed(redis);
		SweepWorkspace workspace = SweepWorkspace.create(dir, redis, CHUNK, CHUNK, kind);
		try (KeysweepProcess sweep = workspace.start(List.of(), "run", JOB)) {
			sweep.awaitUntil("sweeping", () -> LeakedKeyspace.expiriesSent(redis) >= 3 * CHUNK);
			// killed inside a chunk
			redis.pauseWrites();
			sweep.kill();
			redis.unpauseWrites();
		}

		// the dead holder ran on this host: its lock is taken over at once
		Cli.Result resumed = Cli.run(workspace.args("resume", JOB));
		assertThat(resumed.exitCode()).as(resumed.err()).isZero();
		keyspace.assertSweptCompletely(redis);
		Cli.Result next = Cli.run(workspace.args("run", JOB));
		assertThat(next.exitCode()).as(next.err()).isZero();

		assertThat(JobRepositoryRows.jobExecutions(workspace.repository())).extracting(JobExecutionRow::id)
			.containsExactly(1L, 2L, 3L);
		assertThat(JobRepositoryRows.jobExecutions(workspace.repository())).extracting(JobExecutionRow::status)
			.containsExactly("FAILED", "COMPLETED", "COMPLETED");
	}

	/**
	 * kill -9 after a chunk's EXPIREs and before its checkpoint commits: the resumed
	 * execution finds that chunk's keys with the TTL the dead one gave them, and still
	 * counts them as expired, in their class, as an uninterrupted run would. The commit
	 * is held by a row lock on the job repository's step execution (PostgreSQL waits for
	 * it), so the kill lands exactly there.
	 */
	@Test
	void aChunkExpiredButNotCheckpointedBeforeAKillCountsAsExpired() throws SQLException {
		int leaked = 1_000;
		int withTtl = 200;
		try (Jedis jedis = redis.client(); Pipeline pipeline = jedis.pipelined()) {
			jedis.flushAll();
			NotifyCounters.seed(pipeline, leaked);
			for (int i = leaked; i < leaked + withTtl; i++) {
				pipeline.setex(NotifyCounters.key(i), 86_400, "1");
			}
			pipeline.sync();
		}
		SweepWorkspace workspace = SweepWorkspace.create(dir, redis, 50, 50, JobRepositoryKind.POSTGRESQL);
		try (KeysweepProcess sweep = workspace.start(List.of(), "run", JOB, "--rate", "200")) {
			killBeforeACheckpoint(workspace, sweep, "sweep");
		}
		assertThat(NotifyCounters.withoutTtl(redis, leaked)).as("keys the killed sweep expired")
			.isBetween(1L, leaked - 1L);

		Cli.Result resumed = Cli.run(workspace.args("resume", JOB));

		assertThat(resumed.exitCode()).as(resumed.err()).isZero();
		assertThat(NotifyCounters.withoutTtl(redis, leaked)).isZero();
		assertThat(resumed.out()).contains("classes: has-ttl " + withTtl + ", leaked " + leaked + "\n")
			.contains("expired " + leaked + ", would expire 0, already had a TTL " + withTtl
					+ ", vanished 0, changed meanwhile 0");
	}

	/**
	 * The same kill between the dead-set step's SREMs and its checkpoint: the members
	 * that chunk removed are gone from the set, so the resumed execution never reads them
	 * again, and still counts them as removed.
	 */
	@Test
	void membersRemovedButNotCheckpointedBeforeAKillStillCountAsRemoved() throws SQLException {
		int stale = 500;
		try (Jedis jedis = redis.client()) {
			jedis.flushAll();
			BatchKeys.staleDeadBids(jedis, stale);
		}
		SweepWorkspace workspace = SweepWorkspace.create(dir, redis, 50, 50, JobRepositoryKind.POSTGRESQL);
		Definitions.write(workspace.jobs(), JOB, Definitions.deadSetYaml(50, 50));
		try (KeysweepProcess sweep = workspace.start(List.of(), "run", JOB, "--rate", "200")) {
			killBeforeACheckpoint(workspace, sweep, "dead-set");
		}
		try (Jedis jedis = redis.client()) {
			assertThat(jedis.scard("batch-died")).as("members the killed sweep left").isBetween(1L, stale - 3 * 50L);
		}

		Cli.Result resumed = Cli.run(workspace.args("resume", JOB));

		assertThat(resumed.exitCode()).as(resumed.err()).isZero();
		try (Jedis jedis = redis.client()) {
			assertThat(jedis.exists("batch-died")).isFalse();
		}
		assertThat(resumed.out()).contains("classes: stale-dead-batch " + stale + "\n");
		assertThat(JobRepositoryRows.stepContext(workspace.repository(), SweepJobFactory.DEAD_SET_STEP))
			.containsEntry("tally.total." + SweepCounts.REMOVED, (long) stale);
	}

	/**
	 * Kills the sweep while a chunk commit of the step waits for a row lock on the job
	 * repository's step executions, after the chunk's writes reached Redis.
	 */
	private static void killBeforeACheckpoint(SweepWorkspace workspace, KeysweepProcess sweep, String step)
			throws SQLException {
		try (Connection holder = workspace.repository().connect()) {
			sweep.awaitUntil("two chunks committed", () -> commits(workspace, step) >= 2);
			holder.setAutoCommit(false);
			try (Statement lock = holder.createStatement()) {
				lock.execute("SELECT * FROM BATCH_STEP_EXECUTION FOR UPDATE");
			}
			sweep.awaitUntil("a chunk commit waiting for the lock", () -> waitingForALock(workspace));
			sweep.kill();
			holder.rollback();
		}
	}

	private static long commits(SweepWorkspace workspace, String step) {
		try {
			return JobRepositoryRows.stepExecutions(workspace.repository())
				.stream()
				.filter(row -> row.name().startsWith(step))
				.mapToLong(StepExecutionRow::commitCount)
				.sum();
		}
		catch (IllegalStateException schemaNotMadeYet) {
			return 0;
		}
	}

	private static boolean waitingForALock(SweepWorkspace workspace) {
		try (Connection connection = workspace.repository().connect();
				Statement query = connection.createStatement();
				ResultSet waiting = query.executeQuery("SELECT count(*) FROM pg_stat_activity"
						+ " WHERE wait_event_type = 'Lock' AND datname = current_database()")) {
			waiting.next();
			return waiting.getLong(1) > 0;
		}
		catch (SQLException e) {
			throw new IllegalStateException(e);
		}
	}

}
