package io.keysweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import io.keysweep.job.JobDefinition;
import io.keysweep.job.SweepParameters;
import io.keysweep.report.RunRecord;
import io.keysweep.tally.SweepCounts;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.Seeder;
import io.keysweep.testing.TestApp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * Prints how fast the flagship sweep runs on a Sidekiq-like keyspace: {@code ./mvnw -B -Pbenchmark verify}
 * (size with {@code -Dkeysweep.benchmark.batches=N}). Numbers, not assertions: the machine is shared and noisy.
 */
@Tag("benchmark")
class NotifySweepBenchmark {

    private static final long DAY = 86_400;

    @Test
    void flagshipSweep(@TempDir Path dir) throws Exception {
        int batches = Integer.getInteger("keysweep.benchmark.batches", 200_000);
        try (RedisServer redis = RedisServer.latest(); TestApp app = TestApp.start(redis.url(), dir)) {
            try (Jedis jedis = redis.client()) {
                Seeder.seed(jedis, batches, (p, i) -> {
                    String hash = "b-" + Seeder.bid(i);
                    switch (i % 4) {
                        case 0 -> p.set(hash + "-notify", "1");
                        case 1 -> { p.set(hash + "-notify", "1"); p.hset(hash, "deleted", "1"); }
                        case 2 -> { p.set(hash + "-notify", "1"); p.hset(hash, "total", "1"); p.expire(hash, 30 * DAY); }
                        default -> p.set(hash + "-notify", "2", SetParams.setParams().ex(30 * DAY));
                    }
                    p.set("cache:" + i, "x", SetParams.setParams().ex(DAY));
                    p.set("session:" + i, "x");
                    p.rpush("queue:" + (i % 100), "job" + i);
                    p.incr("stat:processed:" + i);
                });
                jedis.configResetStat();
                long dbsize = jedis.dbSize();
                JobDefinition flagship = Definitions.shipped("sidekiq-batch-notify");

                JobExecution execution = app.launch(flagship, SweepParameters.newRun(flagship, false, 0, redis.url()));

                assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
                StepExecution step = execution.getStepExecutions().iterator().next();
                double seconds = Duration.between(step.getStartTime(), step.getEndTime()).toNanos() / 1e9;
                SweepCounts counts = RunRecord.counts(execution);
                long redisMicros = jedis.info("commandstats").lines().filter(l -> l.startsWith("cmdstat_"))
                        .mapToLong(l -> Long.parseLong(l.replaceAll(".*,usec=(\\d+),.*", "$1"))).sum();
                System.out.printf("%nkeysweep benchmark: %d keys in the database, %d notify keys (Redis %s)%n",
                        dbsize, counts.total(SweepCounts.SCANNED), redis.version());
                System.out.printf("  step: %.2f s, %.0f notify keys/s, %.0f database keys/s, expired %d%n",
                        seconds, counts.total(SweepCounts.SCANNED) / seconds, dbsize / seconds,
                        counts.total(SweepCounts.EXPIRED));
                System.out.printf("  Redis busy time (INFO commandstats): %.2f s%n", redisMicros / 1e6);
                System.out.printf("  heap used after the run: %d MiB%n",
                        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            }
        }
    }
}
