package io.keysweep.redis;

import java.nio.file.Path;
import java.util.List;

import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.JobRepositoryRows.JobExecutionRow;
import io.keysweep.testing.KeysweepProcess;
import io.keysweep.testing.LeakedKeyspace;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.SweepWorkspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.keysweep.testing.SweepWorkspace.JOB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis goes away in the middle of a sweep and comes back with the same data (an RDB
 * file) under a new run_id: briefly, and the sweep rides it out; for longer than the
 * retries, and the sweep fails clearly and resume completes it. Either way the old SCAN
 * cursor is void and the scan starts over from cursor 0.
 */
class RedisOutageIT {

	private static final int CHUNK = 200;

	private RedisServer redis;

	@TempDir
	Path dir;

	@BeforeEach
	void startRedis() {
		redis = RedisServer.latest();
	}

	@AfterEach
	void stopRedis() {
		redis.close();
	}

	@Test
	void aSweepFailsWithOneLineWhenRedisStaysAwayAndResumeCompletesItOnceRedisIsBack() throws Exception {
		LeakedKeyspace keyspace = LeakedKeyspace.seed(redis);
		SweepWorkspace workspace = SweepWorkspace.create(dir, redis, CHUNK, CHUNK);
		try (KeysweepProcess sweep = workspace.start(List.of("keysweep.lock.lease=3s"), "run", JOB)) {
			sweep.awaitUntil("sweeping", () -> LeakedKeyspace.expiriesSent(redis) >= 3 * CHUNK);
			redis.saveAndStop();

			assertThat(sweep.waitForExit()).as(sweep.err()).isEqualTo(1);
			assertThat(sweep.err().lines()).singleElement()
				.asString()
				.startsWith("keysweep: cannot reach Redis at 127.0.0.1:" + redis.port() + ": ");
			assertThat(sweep.out()).contains("(retry 5 of 5)").doesNotContain("\tat ");
		}
		assertThat(JobRepositoryRows.jobExecutions(workspace.data())).singleElement()
			.extracting(JobExecutionRow::status)
			.isEqualTo("FAILED");

		redis.start();
		try (KeysweepProcess resume = workspace.start(List.of(), "resume", JOB)) {
			assertThat(resume.waitForExit()).as(resume.err()).isZero();
			assertThat(resume.out()).contains("run_id changed").contains("starting again from cursor 0");
		}
		assertThat(JobRepositoryRows.jobExecutions(workspace.data())).extracting(JobExecutionRow::status)
			.containsExactly("FAILED", "COMPLETED");
		keyspace.assertSweptCompletely(redis);
	}

	@Test
	void aSweepRidesOutARedisRestartWithinItsRetries() throws Exception {
		LeakedKeyspace keyspace = LeakedKeyspace.seed(redis);
		SweepWorkspace workspace = SweepWorkspace.create(dir, redis, CHUNK, CHUNK);
		try (KeysweepProcess sweep = workspace.start(List.of(), "run", JOB)) {
			sweep.awaitUntil("sweeping", () -> LeakedKeyspace.expiriesSent(redis) >= 3 * CHUNK);
			redis.saveAndStop();
			sweep.awaitOutput("(retry 1 of 5)");
			redis.start();

			assertThat(sweep.waitForExit()).as(sweep.out() + sweep.err()).isZero();
			assertThat(sweep.out()).contains("starting again from cursor 0");
		}
		assertThat(JobRepositoryRows.jobExecutions(workspace.data())).singleElement()
			.extracting(JobExecutionRow::status)
			.isEqualTo("COMPLETED");
		keyspace.assertSweptCompletely(redis);
	}

}
