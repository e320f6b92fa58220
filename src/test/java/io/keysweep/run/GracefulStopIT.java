package io.keysweep.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.keysweep.testing.Cli;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.JobRepositoryRows.JobExecutionRow;
import io.keysweep.testing.JobRepositoryRows.StepExecutionRow;
import io.keysweep.testing.JobRepositoryKind;
import io.keysweep.testing.KeysweepProcess;
import io.keysweep.testing.LeakedKeyspace;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.SweepWorkspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.keysweep.testing.SweepWorkspace.JOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sweep asked to stop, by SIGTERM or by {@code keysweep stop} from another process,
 * finishes the chunk in flight, commits its checkpoint, ends STOPPED with exit 4, and
 * resume continues it without touching a key twice.
 *
 * <p>
 * A stop asked through the job repository runs against each kind of repository; a signal
 * takes the same path whatever the repository, so those cases run on the default one
 * (what a repository keeps of a process that ended abruptly: {@code CrashRecoveryIT}).
 */
class GracefulStopIT {

	private static final int CHUNK = 200;

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@TempDir
	Path dir;

	@AfterEach
	void resumeWrites() {
		redis.unpauseWrites();
	}

	@Test
	void sigtermStopsAtAChunkBoundaryAndResumeContinues() {
		LeakedKeyspace keyspace = LeakedKeyspace.seed(redis);
		SweepWorkspace workspace = SweepWorkspace.create(dir, redis, CHUNK, CHUNK);
		try (KeysweepProcess sweep = workspace.start(List.of(), "run", JOB)) {
			sweep.awaitUntil("sweeping", () -> LeakedKeyspace.expiriesSent(redis) >= 3 * CHUNK);
			// held inside a chunk, so the signal finds it sweeping
			redis.pauseWrites();
			sweep.signal("TERM");
			sweep.awaitOutput("stopping at the next chunk boundary");
			redis.unpauseWrites();

			assertThat(sweep.waitForExit()).as(sweep.err()).isEqualTo(4);
			assertThat(sweep.err()).contains("stopping at the next chunk boundary").doesNotContain("\tat ");
		}
		assertStoppedWithCheckpoint(workspace);

		assertResumeCompletes(workspace, keyspace);
	}

	@ParameterizedTest
	@EnumSource(JobRepositoryKind.class)
	void stopFromAnotherProcessEndsTheSweepAtItsNextChunkCommit(JobRepositoryKind kind) {
		LeakedKeyspace keyspace = LeakedKeyspace.seed(redis);
		SweepWorkspace workspace = SweepWorkspace.create(dir, redis, CHUNK, CHUNK, kind);
		try (KeysweepProcess sweep = workspace.start(List.of(), "run", JOB)) {
			sweep.awaitUntil("sweeping", () -> LeakedKeyspace.expiriesSent(redis) >= 3 * CHUNK);
			// hold the sweep inside a chunk (its expiry pipeline waits) until the stop is
			// in the job repository
			redis.pauseWrites();
			try (KeysweepProcess stop = workspace.start(List.of(), "stop", JOB)) {
				assertThat(stop.waitForExit()).as(stop.err()).isZero();
				assertThat(stop.out()).contains("Asked execution");
			}
			redis.unpauseWrites();

			assertThat(sweep.waitForExit()).as(sweep.err()).isEqualTo(4);
		}
		assertStoppedWithCheckpoint(workspace);

		assertResumeCompletes(workspace, keyspace);
	}

	@Test
	void aSecondSignalExitsAtOnceAndTheLastCommittedCheckpointStands() {
		LeakedKeyspace keyspace = LeakedKeyspace.seed(redis);
		SweepWorkspace workspace = SweepWorkspace.create(dir, redis, CHUNK, CHUNK);
		try (KeysweepProcess sweep = workspace.start(List.of("keysweep.lock.lease=3s"), "run", JOB)) {
			sweep.awaitUntil("sweeping", () -> LeakedKeyspace.expiriesSent(redis) >= 3 * CHUNK);
			// the chunk in flight cannot finish: only the second signal can end the
			// process
			redis.pauseWrites();
			sweep.signal("TERM");
			sweep.awaitOutput("stopping at the next chunk boundary");
			sweep.signal("TERM");

			assertThat(sweep.waitForExit()).as(sweep.err()).isEqualTo(128 + 15);
			assertThat(sweep.err()).contains("exiting at once");
		}
		redis.unpauseWrites();
		assertThat(JobRepositoryRows.jobExecutions(workspace.repository())).singleElement()
			.extracting(JobExecutionRow::status)
			.isEqualTo("STARTED");
		assertThat(JobRepositoryRows.stepExecutions(workspace.repository()).get(0).commitCount()).isPositive();

		await().atMost(Duration.ofSeconds(30)).until(() -> workspace.lock() == null);
		Cli.Result resumed = Cli.run(workspace.args("resume", JOB));
		assertThat(resumed.exitCode()).as(resumed.err()).isZero();
		keyspace.assertSweptCompletely(redis);
		assertThat(LeakedKeyspace.expiriesSent(redis)).isBetween((long) LeakedKeyspace.TO_EXPIRE,
				LeakedKeyspace.TO_EXPIRE + (long) CHUNK);
	}

	@ParameterizedTest
	@EnumSource(JobRepositoryKind.class)
	void stopSaysSoWhenNoSweepOfTheJobRuns(JobRepositoryKind kind) {
		SweepWorkspace workspace = SweepWorkspace.create(dir, redis, CHUNK, CHUNK, kind);

		Cli.Result stop = Cli.run(workspace.args("stop", JOB));

		assertThat(stop.exitCode()).as(stop.err()).isZero();
		assertThat(stop.out()).contains("No execution of job '" + JOB + "' is running.");
	}

	private static void assertStoppedWithCheckpoint(SweepWorkspace workspace) {
		assertThat(JobRepositoryRows.jobExecutions(workspace.repository())).singleElement()
			.extracting(JobExecutionRow::status)
			.isEqualTo("STOPPED");
		List<StepExecutionRow> steps = JobRepositoryRows.stepExecutions(workspace.repository());
		assertThat(steps).hasSize(1);
		assertThat(steps.get(0).status()).isEqualTo("STOPPED");
		assertThat(steps.get(0).commitCount()).isPositive();
		assertThat(workspace.lock()).as("lock released").isNull();
	}

	/**
	 * A stop commits the chunk in flight, so the resume sends no expiry twice and
	 * re-reads at most one page.
	 */
	private static void assertResumeCompletes(SweepWorkspace workspace, LeakedKeyspace keyspace) {
		Cli.Result resumed = Cli.run(workspace.args("resume", JOB));

		assertThat(resumed.exitCode()).as(resumed.err()).isZero();
		List<JobExecutionRow> executions = JobRepositoryRows.jobExecutions(workspace.repository());
		assertThat(executions).extracting(JobExecutionRow::status).containsExactly("STOPPED", "COMPLETED");
		assertThat(executions.get(1).instanceId()).isEqualTo(executions.get(0).instanceId());
		keyspace.assertSweptCompletely(redis);
		assertThat(LeakedKeyspace.expiriesSent(redis)).isEqualTo(LeakedKeyspace.TO_EXPIRE);
		assertThat(LeakedKeyspace.keysRead(redis)).isBetween((long) LeakedKeyspace.MATCHING,
				LeakedKeyspace.MATCHING + 2L * CHUNK);
	}

}
