package io.keysweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.keysweep.batch.SweepParameters;
import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.demo.DemoKeyspace;
import io.keysweep.report.RunRecord;
import io.keysweep.scan.ScanCheckpoint;
import io.keysweep.tally.SweepCounts;
import io.keysweep.testing.CommandStats;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.TestApp;
import io.keysweep.throttle.LatencyGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * A sweep against a Redis that stops answering for a while: it waits it out, without
 * failing or retrying.
 */
class GentleSweepTest {

	private static final int BATCHES = 10_000;

	@TempDir
	Path dir;

	@Test
	void aSweepUnderClientPauseSlowsDownAndFinishesWithEveryCommandSentOnce() throws Exception {
		Path jobs = dir.resolve("jobs");
		Definitions.write(jobs, "gentle", Definitions.notifyYaml("b-*-notify", 1000, 500) + "max-latency: 20ms\n");
		JobDefinition gentle = new JobDefinitions(jobs).load("gentle");
		try (RedisServer redis = RedisServer.latest(); TestApp app = TestApp.start(redis.url(), dir.resolve("data"))) {
			try (Jedis jedis = redis.client()) {
				DemoKeyspace.seed(jedis, BATCHES);
			}
			CommandStats.reset(redis);
			AtomicInteger chunks = new AtomicInteger();
			// every fourth chunk, Redis stops answering anyone for 1 s: longer than
			// max-latency, shorter than a timeout
			ChunkListener<Object, Object> pauseRedis = new ChunkListener<>() {
				@Override
				public void afterChunk(Chunk<Object> chunk) {
					if (chunks.incrementAndGet() % 4 == 0) {
						try (Jedis jedis = redis.client()) {
							jedis.sendCommand(Protocol.Command.CLIENT, "PAUSE", "1000", "ALL");
						}
					}
				}
			};

			JobExecution execution = app.launch(gentle, SweepParameters.newRun(gentle, false, 0, redis.url()),
					pauseRedis);

			assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(RunRecord.counts(execution).total(SweepCounts.EXPIRED))
				.isEqualTo(DemoKeyspace.leakedNotifyKeys(BATCHES));
			StepExecution step = execution.getStepExecutions().iterator().next();
			assertThat(chunks.get()).isGreaterThan(8);
			assertThat(LatencyGuard.pauses(step.getExecutionContext()))
				.as("a pause after the last chunk has no next chunk to slow down")
				.isGreaterThanOrEqualTo((chunks.get() - 1) / 4);
			// nothing was sent twice: a wait is not a failure, so nothing was retried
			assertThat(CommandStats.calls(redis, "scan"))
				.isEqualTo(ScanCheckpoint.from(step.getExecutionContext()).pagesFetched());
			assertThat(CommandStats.calls(redis, "expire")).isEqualTo(DemoKeyspace.leakedNotifyKeys(BATCHES));
		}
	}

}
