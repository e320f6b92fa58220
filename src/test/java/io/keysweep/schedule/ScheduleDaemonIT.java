package io.keysweep.schedule;

import java.nio.file.Path;
import java.util.List;

import io.keysweep.testing.Definitions;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.JobRepositoryRows.JobExecutionRow;
import io.keysweep.testing.KeysweepProcess;
import io.keysweep.testing.LeakedKeyspace;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.SweepWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.keysweep.testing.SweepWorkspace.JOB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code keysweep schedule} as the packaged jar, on a per-second schedule: SIGTERM stops
 * the running sweep at a chunk boundary and the daemon exits 0; the next daemon finishes
 * that run at its next fire time.
 */
class ScheduleDaemonIT {

	private static final int CHUNK = 200;

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@TempDir
	Path dir;

	@Test
	void sigtermStopsTheRunningSweepAndTheNextDaemonResumesItAtTheNextFireTime() {
		LeakedKeyspace keyspace = LeakedKeyspace.seed(redis);
		SweepWorkspace workspace = SweepWorkspace.create(dir, redis, CHUNK, CHUNK);
		Definitions.write(workspace.jobs(), JOB, Definitions.notifyYaml(LeakedKeyspace.MATCH, CHUNK, CHUNK)
				+ "schedule: \"* * * * * *\"\nmissed: skip\n");

		try (KeysweepProcess daemon = workspace.start(List.of(), "schedule")) {
			daemon.awaitUntil("sweeping", () -> LeakedKeyspace.expiriesSent(redis) >= 3 * CHUNK);
			// held inside a chunk, so the signal finds it sweeping
			redis.pauseWrites();
			daemon.signal("TERM");
			daemon.awaitOutput("stopping at the next chunk boundary");
			redis.unpauseWrites();

			assertThat(daemon.waitForExit()).as(daemon.err()).isZero();
			assertThat(daemon.out()).contains("job 'notify': starting (fire time")
				.contains("job 'notify': ended with exit code 4")
				.contains("stopped as asked");
		}
		assertThat(statuses(workspace)).containsExactly("STOPPED");
		assertThat(workspace.lock()).as("lock released").isNull();

		try (KeysweepProcess daemon = workspace.start(List.of(), "schedule")) {
			// polling the job repository's file would race the daemon for it: its log
			// says when the run ended
			daemon.awaitOutput("job 'notify': ended with exit code 0");
			daemon.signal("TERM");

			assertThat(daemon.waitForExit()).as(daemon.err()).isZero();
			assertThat(daemon.out()).contains("resumed from #");
		}
		List<JobExecutionRow> executions = JobRepositoryRows.jobExecutions(workspace.data());
		assertThat(executions.subList(0, 2)).extracting(JobExecutionRow::status)
			.containsExactly("STOPPED", "COMPLETED");
		assertThat(executions.get(1).instanceId()).isEqualTo(executions.get(0).instanceId());
		keyspace.assertSweptCompletely(redis);
		assertThat(LeakedKeyspace.expiriesSent(redis)).as("no key expired twice").isEqualTo(LeakedKeyspace.TO_EXPIRE);
	}

	private static List<String> statuses(SweepWorkspace workspace) {
		return JobRepositoryRows.jobExecutions(workspace.data()).stream().map(JobExecutionRow::status).toList();
	}

}
