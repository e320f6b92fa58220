package io.keysweep.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.keysweep.classify.Expiry;
import io.keysweep.expire.ExpiryWriter;
import io.keysweep.expire.InFlightChunk;
import io.keysweep.redis.RedisConnector;
import io.keysweep.redis.RedisEndpoint;
import io.keysweep.redis.TlsSettings;
import io.keysweep.tally.SweepTally;
import io.keysweep.testing.JobRepositoryKind;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.Seeder;
import io.keysweep.testing.TestApp;
import io.keysweep.testing.TestRepository;
import io.keysweep.throttle.CommandBudget;
import io.keysweep.throttle.LatencyGuard;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import redis.clients.jedis.Jedis;

/**
 * What recording a chunk's keys before its EXPIREs ({@link InFlightChunk}) costs: the
 * same chunks of TTL-less keys written as a sweep step writes them, each in its chunk
 * transaction with its checkpoint (the tally into the ExecutionContext, the context and
 * the step execution updated), once as before (no record) and once with the record
 * committed first, on an H2 file and on PostgreSQL. Prints, as medians over rounds, the
 * time per 100,000 keys end to end and the time of the records alone.
 *
 * <p>
 * {@code ./mvnw -B -o test -Pbenchmark -Dtest=InFlightChunkBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class InFlightChunkBenchmarkTest {

	private static final int KEYS = 100_000;

	private static final int CHUNK = 1_000;

	private static final int ROUNDS = 5;

	private static final long TTL = 30L * 86_400;

	@TempDir
	Path dir;

	@Test
	void recordBeforeExpiresAgainstNoRecord() throws Exception {
		try (RedisServer redis = RedisServer.latest()) {
			BenchmarkTable table = new BenchmarkTable();
			for (JobRepositoryKind kind : JobRepositoryKind.values()) {
				Path data = dir.resolve(kind.name());
				TestRepository repository = kind.create(data);
				try (TestApp app = TestApp.start(redis.url(), data, repository.appProperties())) {
					for (int round = 0; round < ROUNDS; round++) {
						measure(redis, app, table, kind + ", checkpoint only (before)", false);
						measure(redis, app, table, kind + ", in-flight record, then checkpoint", true);
					}
				}
			}
			table.print("Chunks of " + CHUNK + " keys expired with their checkpoint, Redis " + redis.version()
					+ " (ms per " + KEYS + " keys)");
		}
	}

	/** Seeds the keys afresh, then writes them chunk by chunk as a sweep step does. */
	private static void measure(RedisServer redis, TestApp app, BenchmarkTable table, String way, boolean record)
			throws Exception {
		List<Chunk<Expiry>> chunks = new ArrayList<>();
		try (Jedis jedis = redis.client()) {
			jedis.flushAll();
			Seeder.seed(jedis, KEYS, (p, i) -> p.set("b-" + Seeder.bid(i) + "-notify", "1"));
		}
		for (int from = 0; from < KEYS; from += CHUNK) {
			Chunk<Expiry> chunk = new Chunk<>();
			for (int i = from; i < from + CHUNK; i++) {
				chunk.add(new Expiry(("b-" + Seeder.bid(i) + "-notify").getBytes(StandardCharsets.UTF_8), "leaked", TTL,
						false, "string"));
			}
			chunks.add(chunk);
		}
		JobRepository repository = app.bean(JobRepository.class);
		TransactionTemplate transaction = new TransactionTemplate(app.bean(PlatformTransactionManager.class));
		StepExecution step = app.startedStep("in-flight-benchmark");
		SweepTally tally = new SweepTally();
		InFlightChunk<Expiry> inFlight = new InFlightChunk<>(repository, app.bean(DataSource.class), Expiry::key,
				Expiry::keyClass);
		inFlight.beforeStep(step);
		ExpiryWriter writer = new ExpiryWriter(
				new RedisConnector(RedisEndpoint.parse(redis.url(), null, null), TlsSettings.DEFAULT), tally,
				new LatencyGuard(Duration.ZERO), new CommandBudget(Duration.ofMillis(1), Integer.MAX_VALUE));
		writer.open(step.getExecutionContext());
		long recording = 0;
		long checkpointing = 0;
		long start = System.nanoTime();
		try {
			for (Chunk<Expiry> chunk : chunks) {
				long[] recorded = new long[2];
				transaction.executeWithoutResult(status -> {
					if (record) {
						long before = System.nanoTime();
						inFlight.beforeWrite(chunk);
						recorded[0] = System.nanoTime() - before;
					}
					writer.write(chunk);
					if (record) {
						inFlight.afterChunk(chunk);
					}
					long before = System.nanoTime();
					tally.update(step.getExecutionContext());
					repository.updateExecutionContext(step);
					repository.update(step);
					recorded[1] = System.nanoTime() - before;
				});
				recording += recorded[0];
				checkpointing += recorded[1];
			}
		}
		finally {
			writer.close();
		}
		table.add(way + ": end to end, ms", (System.nanoTime() - start) / 1e6);
		table.add(way + ": the checkpoints' writes, ms", checkpointing / 1e6);
		if (record) {
			table.add(way + ": the records alone, ms", recording / 1e6);
		}
	}

}
