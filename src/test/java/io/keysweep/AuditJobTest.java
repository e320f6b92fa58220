package io.keysweep;

import java.nio.file.Path;
import java.util.List;

import io.keysweep.batch.AuditJobFactory;
import io.keysweep.census.Census;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.demo.DemoKeyspace;
import io.keysweep.run.ExecutionHistory;
import io.keysweep.run.TargetExecutions;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.NotifyCounters;
import io.keysweep.testing.SharedRedis;
import io.keysweep.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An audit as a job definition ({@code kind: audit}), through the command line: run by
 * {@code run --all} beside a sweep, its census stored in the job repository and compared
 * with the previous night's, resumed when unfinished, and its bad fields refused.
 */
class AuditJobTest {

	private static final String AUDIT = """
			kind: audit
			description: "every key, counted by pattern"
			alert: true
			growth-over: 500
			share-over: 100
			""";

	private static final int OPERATOR_ERROR = 2;

	private static final int ALERT = 3;

	@RegisterExtension
	static final SharedRedis redis = SharedRedis.serverOnly();

	@TempDir
	Path dir;

	@Test
	void runAllAuditsBesideTheSweepAndFlagsWhatLeakedSinceTheLastNight() {
		int batches = 1_000;
		long leaked = DemoKeyspace.leakedNotifyKeys(batches);
		try (Jedis jedis = redis.client()) {
			DemoKeyspace.seed(jedis, batches);
			Definitions.write(jobs(), "census", AUDIT);
			Definitions.write(jobs(), "notify", Definitions.notifyYaml(NotifyCounters.MATCH, 1_000, 1_000));

			Cli.Result first = Cli.in(dir, redis.url(), "run", "--all");

			assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
			assertThat(first.out()).contains("== census\nAudit (execution 1): 5701 keys")
				.contains("No suspected leak.")
				.contains("== census: exit code 0")
				.contains("== notify: exit code 0");
			Census stored = storedCensus("census");
			assertThat(stored.total().keys()).isEqualTo(5_701);
			assertThat(stored.row("b-*-notify").withoutTtl()).isEqualTo(leaked);

			Pipeline more = jedis.pipelined();
			for (int i = 0; i < 1_500; i++) {
				more.set("b-%014d-notify".formatted(i), "1");
			}
			more.sync();
			Cli.Result second = Cli.in(dir, redis.url(), "run", "--all");

			assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(ALERT);
			assertThat(second.out()).contains("growth since audit execution 1")
				.contains(
						"b-*-notify: +" + (1_500 - leaked) + " keys without a TTL since the previous audit (over 500)")
				.contains("== census: exit code 3")
				.contains("== notify: exit code 0");
			assertThat(storedCensus("census").row("b-*-notify").keys()).isEqualTo(2_500);
		}
	}

	@Test
	void anUnfinishedAuditIsResumedByRunAllAndByResume() throws Exception {
		try (Jedis jedis = redis.client()) {
			DemoKeyspace.seed(jedis, 2_000);
			long keys = jedis.dbSize();
			Definitions.write(jobs(), "census", AUDIT);
			stoppedAfterOneChunk("census");

			Cli.Result refused = Cli.in(dir, redis.url(), "run", "census");
			assertThat(refused.exitCode()).isEqualTo(OPERATOR_ERROR);
			assertThat(refused.err()).contains("is unfinished: continue it with 'keysweep resume census'");
			Cli.Result all = Cli.in(dir, redis.url(), "run", "--all");

			assertThat(all.exitCode()).as(all.out() + all.err()).isZero();
			assertThat(storedCensus("census").total().keys()).isEqualTo(keys);

			stoppedAfterOneChunk("census");
			Cli.Result resumed = Cli.in(dir, redis.url(), "resume", "census");

			assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
			assertThat(resumed.out()).contains(keys + " keys");
			assertThat(storedCensus("census").total().keys()).isEqualTo(keys);
			List<JobRepositoryRows.JobExecutionRow> executions = JobRepositoryRows.jobExecutions(dir.resolve("data"));
			assertThat(executions).extracting(JobRepositoryRows.JobExecutionRow::status)
				.containsExactly("STOPPED", "COMPLETED", "STOPPED", "COMPLETED");
			assertThat(executions.get(1).instanceId()).isEqualTo(executions.get(0).instanceId());
			assertThat(executions.get(3).instanceId()).isEqualTo(executions.get(2).instanceId());
		}
	}

	@Test
	void aBadAuditFieldIsOneLineAndExitCodeTwo() {
		try (Jedis jedis = redis.client()) {
			DemoKeyspace.seed(jedis, 10);
			long keys = jedis.dbSize();
			assertRefused("kind: census\n", "census.yml:1: field 'kind': 'census' is not sweep or audit");
			assertRefused("kind: audit\nclassifier: sidekiq-batch-notify\n",
					"census.yml:2: field 'classifier': unknown field (known: alert, description,");
			assertRefused("kind: audit\nsample: lots\n",
					"census.yml:2: field 'sample': 'lots' is not a whole number from 0 to");
			assertRefused("kind: audit\npatterns: 0\n",
					"census.yml:2: field 'patterns': '0' is not a whole number from 1 to 100000");
			assertRefused("kind: audit\nshare-over: 101\n",
					"census.yml:2: field 'share-over': '101' is not a whole number from 0 to 100");
			assertRefused("kind: audit\nalert: loudly\n", "census.yml:2: field 'alert': 'loudly' is not true or false");
			assertRefused("match: \"b-*\"\nkind: audit\nidle: 1\n",
					"census.yml:3: field 'idle': '1' is not true or false");

			Definitions.write(jobs(), "census", AUDIT);
			Cli.Result limited = Cli.in(dir, redis.url(), "run", "census", "--limit", "5");
			assertThat(limited.exitCode()).isEqualTo(OPERATOR_ERROR);
			assertThat(limited.err()).isEqualTo("keysweep: job 'census' is an audit, which counts every key of its "
					+ "match: --limit is for sweeps\n");
			assertThat(jedis.dbSize()).isEqualTo(keys);
			assertThat(JobRepositoryRows.jobExecutions(dir.resolve("data"))).isEmpty();
		}
	}

	private void assertRefused(String yaml, String error) {
		Definitions.write(jobs(), "census", yaml);
		Cli.Result run = Cli.in(dir, redis.url(), "run", "census");
		assertThat(run.exitCode()).as(run.err()).isEqualTo(OPERATOR_ERROR);
		assertThat(run.err().lines()).singleElement().asString().startsWith("keysweep: ").contains(error);
		assertThat(run.out()).isEmpty();
	}

	private void stoppedAfterOneChunk(String job) throws Exception {
		try (TestApp app = TestApp.start(redis.url(), dir.resolve("data"))) {
			app.stoppedRun(new JobDefinitions(jobs()).load(job), 1);
		}
	}

	/** The census of the job's latest execution, as the job repository holds it. */
	private Census storedCensus(String job) {
		try (TestApp app = TestApp.start(redis.url(), dir.resolve("data"))) {
			ExecutionHistory history = app.bean(ExecutionHistory.class);
			return AuditJobFactory
				.censusOf(history.get(app.bean(TargetExecutions.class).latest(job).orElseThrow().getId()));
		}
	}

	private Path jobs() {
		return dir.resolve("jobs");
	}

}
