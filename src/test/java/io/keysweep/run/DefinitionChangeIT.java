package io.keysweep.run;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.JobRepositoryRows.JobExecutionRow;
import io.keysweep.testing.KeysweepProcess;
import io.keysweep.testing.Keyspace;
import io.keysweep.testing.LeakedKeyspace;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.SweepWorkspace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import static io.keysweep.testing.SweepWorkspace.JOB;
import static org.assertj.core.api.Assertions.assertThat;

/** A definition edited between a stop and the resume: refused with the changed settings named, unless --force. */
class DefinitionChangeIT {

    private static final int CHUNK = 100;
    private static RedisServer redis;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.latest();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void resumeRefusesAChangedDefinitionAndForceContinuesUnderTheNewOne() {
        LeakedKeyspace keyspace = LeakedKeyspace.seed(redis);
        SweepWorkspace workspace = SweepWorkspace.create(dir, redis, CHUNK, CHUNK);
        try (KeysweepProcess sweep = workspace.start(List.of(), "run", JOB)) {
            sweep.awaitUntil("sweeping", () -> LeakedKeyspace.expiriesSent(redis) >= 3 * CHUNK);
            sweep.signal("TERM");
            assertThat(sweep.waitForExit()).as(sweep.err()).isEqualTo(4);
        }
        workspace.define(300, 250);
        Map<ByteBuffer, Keyspace.KeyState> stopped = snapshot();

        try (KeysweepProcess refused = workspace.start(List.of(), "resume", JOB)) {
            assertThat(refused.waitForExit()).as(refused.err()).isEqualTo(2);
            assertThat(refused.err().lines()).singleElement().asString()
                    .contains("the definition of job '" + JOB + "' changed since execution")
                    .contains("scan-count: 100 -> 300")
                    .contains("chunk-size: 100 -> 250")
                    .contains("--force");
        }
        assertThat(JobRepositoryRows.jobExecutions(workspace.data())).singleElement()
                .extracting(JobExecutionRow::status).isEqualTo("STOPPED");
        assertThat(Keyspace.sameExceptTtlDrift(stopped, snapshot(), 60_000)).as("the refusal changed nothing").isTrue();

        try (KeysweepProcess forced = workspace.start(List.of(), "resume", JOB, "--force")) {
            assertThat(forced.waitForExit()).as(forced.err()).isZero();
            assertThat(forced.out()).contains("under the changed definition (--force)");
        }
        List<JobExecutionRow> executions = JobRepositoryRows.jobExecutions(workspace.data());
        assertThat(executions).extracting(JobExecutionRow::status).containsExactly("STOPPED", "COMPLETED");
        assertThat(JobRepositoryRows.parameters(workspace.data(), executions.get(1).id()))
                .containsEntry("definition.chunk-size", "250").containsEntry("definition.scan-count", "300");
        keyspace.assertSweptCompletely(redis);
        assertThat(LeakedKeyspace.expiriesSent(redis)).isEqualTo(LeakedKeyspace.TO_EXPIRE);
    }

    private static Map<ByteBuffer, Keyspace.KeyState> snapshot() {
        try (Jedis jedis = redis.client()) {
            return Keyspace.snapshot(jedis);
        }
    }
}
