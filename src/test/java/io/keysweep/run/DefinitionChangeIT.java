package io.keysweep.run;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.keysweep.testing.Cli;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.JobRepositoryRows.JobExecutionRow;
import io.keysweep.testing.KeysweepProcess;
import io.keysweep.testing.Keyspace;
import io.keysweep.testing.LeakedKeyspace;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.SweepWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import static io.keysweep.testing.SweepWorkspace.JOB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A definition edited between a stop and the resume: refused with the changed settings
 * named, unless --force.
 */
class DefinitionChangeIT {

	private static final int CHUNK = 200;

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@TempDir
	Path dir;

	@Test
	void resumeRefusesAChangedDefinitionAndForceContinuesUnderTheNewOne() {
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
		}
		workspace.define(300, 250);
		Map<ByteBuffer, Keyspace.KeyState> stopped = snapshot();

		Cli.Result refused = Cli.run(workspace.args("resume", JOB));
		assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
		assertThat(refused.err().lines()).singleElement()
			.asString()
			.contains("the definition of job '" + JOB + "' changed since execution")
			.contains("scan-count: 200 -> 300")
			.contains("chunk-size: 200 -> 250")
			.contains("--force");
		assertThat(JobRepositoryRows.jobExecutions(workspace.data())).singleElement()
			.extracting(JobExecutionRow::status)
			.isEqualTo("STOPPED");
		assertThat(Keyspace.sameExceptTtlDrift(stopped, snapshot(), 60_000)).as("the refusal changed nothing").isTrue();

		Cli.Result forced = Cli.run(workspace.args("resume", JOB, "--force"));
		assertThat(forced.exitCode()).as(forced.err()).isZero();
		List<JobExecutionRow> executions = JobRepositoryRows.jobExecutions(workspace.data());
		assertThat(executions).extracting(JobExecutionRow::status).containsExactly("STOPPED", "COMPLETED");
		assertThat(JobRepositoryRows.parameters(workspace.data(), executions.get(1).id()))
			.containsEntry("definition.chunk-size", "250")
			.containsEntry("definition.scan-count", "300");
		keyspace.assertSweptCompletely(redis);
		assertThat(LeakedKeyspace.expiriesSent(redis)).isEqualTo(LeakedKeyspace.TO_EXPIRE);
	}

	private static Map<ByteBuffer, Keyspace.KeyState> snapshot() {
		try (Jedis jedis = redis.client()) {
			return Keyspace.snapshot(jedis);
		}
	}

}
