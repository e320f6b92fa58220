package io.keysweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.keysweep.batch.SweepJobFactory;
import io.keysweep.batch.SweepParameters;
import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.report.RunRecord;
import io.keysweep.scan.ScanCheckpoint;
import io.keysweep.tally.SweepCounts;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.Seeder;
import io.keysweep.testing.SharedRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.ItemReadListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/**
 * Sweeps of a keyspace large enough to span hundreds of SCAN pages and chunks, checked
 * key by key.
 */
class SweepAtScaleTest {

	private static final long DAY = 86_400;

	@RegisterExtension
	static final SharedRedis redis = SharedRedis.withApp();

	@Test
	void sweepsAHundredThousandNotifyKeysKeyByKey() throws Exception {
		int batches = 100_000;
		try (Jedis jedis = redis.client()) {
			Seeder.seed(jedis, batches, (p, i) -> {
				String hash = "b-" + Seeder.bid(i);
				switch (i % 4) {
					case 0 -> p.set(hash + "-notify", "1"); // leaked
					case 1 -> {
						p.set(hash + "-notify", "1");
						p.hset(hash, "deleted", "1");
					} // deleted
					case 2 -> {
						p.set(hash + "-notify", "1");
						p.hset(hash, "total", "1");
						p.expire(hash, 180 * DAY);
					}
					default -> p.set(hash + "-notify", "2", SetParams.setParams().ex(7 * DAY)); // Pro
																								// manages
																								// it
				}
				p.set("cache:" + i, "x"); // never matches
			});
		}
		JobDefinition flagship = Definitions.shipped("sidekiq-batch-notify");

		JobExecution execution = redis.app().launch(flagship, SweepParameters.newRun(flagship, false, 0, redis.url()));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		List<Long> ttls = ttls(batches, i -> "b-" + Seeder.bid(i) + "-notify");
		for (int i = 0; i < batches; i++) {
			long expected = switch (i % 4) {
				case 0, 1 -> 30 * DAY;
				case 2 -> 180 * DAY;
				default -> 7 * DAY;
			};
			assertThat(ttls.get(i)).as("b-%s-notify", Seeder.bid(i)).isBetween(expected - 120, expected);
		}
		assertThat(ttls(batches, i -> "cache:" + i)).containsOnly(-1L);
		SweepCounts counts = RunRecord.counts(execution);
		assertThat(counts.total(SweepCounts.SCANNED)).isEqualTo(batches);
		assertThat(counts.total(SweepCounts.EXPIRED)).isEqualTo(batches * 3L / 4);
		assertThat(execution.getStepExecutions().iterator().next().getCommitCount())
			.isGreaterThanOrEqualTo(batches / flagship.scan().chunkSize());
	}

	@Test
	void aRestartContinuesFromTheLastCheckpointAndReadsAtMostOnePageAgain(@TempDir Path jobs) throws Exception {
		int keys = 20_000;
		JobDefinition definition = leakedKeysInSmallPages(keys, jobs);
		JobExecution onePass = redis.app().launch(definition, SweepParameters.newRun(definition, true, 0, redis.url()));
		long pagesInOnePass = ScanCheckpoint.from(onePass.getStepExecutions().iterator().next().getExecutionContext())
			.pagesFetched();

		SweepParameters parameters = SweepParameters.newRun(definition, false, 0, redis.url());
		ItemReadListener<Object> failOnce = failAfterChunk(100);
		List<JobExecution> executions = new ArrayList<>();
		executions.add(redis.app().launch(definition, parameters, failOnce));
		executions.add(redis.app().launch(definition, parameters));

		assertThat(executions.get(0).getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(executions.get(1).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(executions.get(1).getJobInstance().getId()).isEqualTo(executions.get(0).getJobInstance().getId());
		assertThat(ttls(keys, i -> "b-" + Seeder.bid(i) + "-notify")).allSatisfy(ttl -> assertThat(ttl).isPositive());
		JobRepository repository = redis.app().bean(JobRepository.class);
		List<StepExecution> steps = executions.stream()
			.map(e -> repository.getJobExecution(e.getId()).getStepExecutions().iterator().next())
			.toList();
		assertThat(steps.get(0).getReadCount()).isEqualTo(100 * 70);
		assertThat(steps.get(0).getReadCount() + steps.get(1).getReadCount()).isEqualTo(keys);
		StepExecution last = steps.get(1);
		assertThat(last.getStepName()).isEqualTo(SweepJobFactory.STEP);
		assertThat(ScanCheckpoint.from(last.getExecutionContext()).keysFetched() - keys).as("keys fetched twice")
			.isLessThanOrEqualTo(2 * 100);
		// the pages the step read across both executions: one pass, and the page of the
		// checkpoint at most once
		// more. Not SCAN calls: how many pages the failed run had fetched ahead, never to
		// read, depends on timing
		assertThat(ScanCheckpoint.from(last.getExecutionContext()).pagesFetched()).as("pages read in both executions")
			.isBetween(pagesInOnePass, pagesInOnePass + 1);
		SweepCounts counts = SweepCounts.from(last.getExecutionContext());
		assertThat(counts.total(SweepCounts.EXPIRED)).isEqualTo(keys);
		assertThat(counts.total(SweepCounts.SCANNED)).isEqualTo(keys);
	}

	@Test
	void rescansFromCursorZeroWhenRedisRestartedBeforeTheRestart(@TempDir Path jobs) throws Exception {
		int keys = 5_000;
		JobDefinition definition = leakedKeysInSmallPages(keys, jobs);
		long pagesInOnePass = scanCalls(
				() -> redis.app().launch(definition, SweepParameters.newRun(definition, true, 0, redis.url())));
		SweepParameters parameters = SweepParameters.newRun(definition, false, 0, redis.url());
		assertThat(redis.app().launch(definition, parameters, failAfterChunk(50)).getStatus())
			.isEqualTo(BatchStatus.FAILED);

		redis.server().saveAndStop();
		redis.server().start();
		List<JobExecution> restarted = new ArrayList<>();
		long scans = scanCalls(() -> restarted.add(redis.app().launch(definition, parameters)));

		assertThat(restarted.get(0).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		// a resume from the checkpoint (3,500 of 5,000 keys swept) would need under a
		// third
		// of a pass; a new pass about as many SCANs as the first, give or take a page:
		// the
		// restarted server hashes the keys into its buckets with a new seed
		assertThat(scans).as("a whole new pass").isGreaterThan(pagesInOnePass * 4 / 5);
		assertThat(ttls(keys, i -> "b-" + Seeder.bid(i) + "-notify")).allSatisfy(ttl -> assertThat(ttl).isPositive());
		SweepCounts counts = RunRecord.counts(restarted.get(0));
		assertThat(counts.total(SweepCounts.EXPIRED)).isEqualTo(keys);
		// the second pass finds the keys of the first with the TTL it gave them
		assertThat(counts.ofClass("has-ttl")).isEqualTo(50 * 70);
		assertThat(counts.total(SweepCounts.SCANNED)).isEqualTo(keys + 50 * 70);
	}

	/**
	 * Leaked notify keys, and a definition that reads them in SCAN pages of about 100 and
	 * chunks of 70.
	 */
	private static JobDefinition leakedKeysInSmallPages(int keys, Path jobs) {
		try (Jedis jedis = redis.client()) {
			Seeder.seed(jedis, keys, (p, i) -> p.set("b-" + Seeder.bid(i) + "-notify", "1"));
		}
		// a budget no SCAN of 100 keys reaches, so every page is COUNT 100: the pages
		// these
		// tests count depend on the keyspace, not on how loaded the machine is
		Definitions.write(jobs, "small-pages",
				Definitions.notifyYaml("b-*-notify", 100, 70) + "max-command-time: 1000ms\n");
		return new JobDefinitions(jobs).load("small-pages");
	}

	/**
	 * Fails the step between two chunks, right after the given chunk of 70 committed, as
	 * a crash would.
	 */
	private static ItemReadListener<Object> failAfterChunk(int chunk) {
		AtomicInteger reads = new AtomicInteger();
		return new ItemReadListener<>() {
			@Override
			public void beforeRead() {
				if (reads.incrementAndGet() == chunk * 70 + 1) {
					throw new IllegalStateException("failing on purpose after chunk " + chunk);
				}
			}
		};
	}

	private interface Work {

		Object run() throws Exception;

	}

	/** How many SCAN calls the work made, from the server's own command statistics. */
	private static long scanCalls(Work work) throws Exception {
		try (Jedis jedis = redis.client()) {
			jedis.configResetStat();
			work.run();
			String stats = jedis.info("commandstats");
			int at = stats.indexOf("cmdstat_scan:calls=");
			String calls = stats.substring(at + "cmdstat_scan:calls=".length());
			return Long.parseLong(calls.substring(0, calls.indexOf(',')));
		}
	}

	private static List<Long> ttls(int count, java.util.function.IntFunction<String> key) {
		try (Jedis jedis = redis.client(); Pipeline pipeline = jedis.pipelined()) {
			List<Response<Long>> answers = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				answers.add(pipeline.ttl(key.apply(i)));
			}
			pipeline.sync();
			return answers.stream().map(Response::get).toList();
		}
	}

}
