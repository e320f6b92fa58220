package io.keysweep.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.keysweep.definition.JobDefinitions;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.JobRepositoryRows.JobExecutionRow;
import io.keysweep.testing.JobRepositoryRows.StepExecutionRow;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.NotifyCounters;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.TestApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands for nightly operation: {@code run --all} (every enabled job in turn, an
 * interrupted run finished first, the worst exit code) and {@code jobs} (schedules, next
 * and last runs).
 */
class NightlyCommandsTest {

	private static final int KEYS = 200;

	/**
	 * Every session gets a day, twenty keys a chunk: a run can be stopped after a few
	 * chunks.
	 */
	private static final String SESSIONS_BY_TWENTY = """
			match: "session:*"
			scan-count: 20
			chunk-size: 20
			rules:
			  - class: session
			    expire: 1d
			""";

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@TempDir
	Path dir;

	private Path jobs;

	private Path data;

	@BeforeEach
	void seed() {
		redis.flushAll();
		try (Jedis jedis = redis.client(); Pipeline pipeline = jedis.pipelined()) {
			NotifyCounters.seed(pipeline, KEYS);
			for (int i = 0; i < KEYS; i++) {
				pipeline.set("session:" + i, "x");
			}
			pipeline.sync();
		}
		jobs = dir.resolve("jobs");
		data = dir.resolve("data");
	}

	@Test
	void runsEveryEnabledJobAndSkipsADisabledOne() throws Exception {
		Definitions.write(jobs, "notify", Definitions.notifyYaml(NotifyCounters.MATCH, 50, 50));
		Definitions.write(jobs, "sessions", """
				enabled: false
				match: "session:*"
				rules:
				  - class: session
				    expire: 1d
				""");
		Path metrics = Files.createDirectories(dir.resolve("metrics"));

		Cli.Result result = Cli.in(dir, redis.url(), "run", "--all", "--metrics-file",
				metrics.resolve("keysweep-{job}.prom").toString());

		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("== notify: exit code 0")
			.contains("== sessions: skipped (enabled: false)")
			.contains("notify: COMPLETED");
		assertThat(noTtl("b-*-notify")).isZero();
		assertThat(noTtl("session:*")).isEqualTo(KEYS);
		assertThat(JobRepositoryRows.jobExecutions(data)).singleElement()
			.extracting(JobExecutionRow::status)
			.isEqualTo("COMPLETED");
		assertThat(metrics.resolve("keysweep-notify.prom")).content()
			.contains("keysweep_run_completed{keysweep_job=\"notify\",target=\""
					+ redis.url().substring("redis://".length()) + "\"} 1");
	}

	@Test
	void resumesAnInterruptedRunAndExitsWithTheWorstCodeOfTheJobs() throws Exception {
		Definitions.write(jobs, "alerting",
				Definitions.notifyYaml(NotifyCounters.MATCH, 50, 50) + "alert: { leaked-over: 10 }\n");
		Definitions.write(jobs, "broken", "match: \"x:*\"\nclassifier: nope\nttl: { a: 1d }\n");
		Definitions.write(jobs, "interrupted", SESSIONS_BY_TWENTY);
		long stopped = stoppedExecution("interrupted");

		Cli.Result withBroken = Cli.in(dir, redis.url(), "run", "--all");

		assertThat(withBroken.exitCode()).as(withBroken.out() + withBroken.err()).isEqualTo(ExitCodes.OPERATOR_ERROR);
		assertThat(withBroken.out()).contains("== alerting: exit code 3")
			.contains("== broken: not run")
			.contains("== broken: exit code 2")
			.contains("== interrupted: exit code 0")
			.contains("resumed from #" + stopped);
		assertThat(withBroken.err())
			.contains(jobs.resolve("broken.yml") + ":2: field 'classifier': unknown classifier");
		List<JobExecutionRow> executions = JobRepositoryRows.jobExecutions(data);
		JobExecutionRow first = executions.get(0);
		assertThat(executions).filteredOn(e -> e.instanceId() == first.instanceId())
			.extracting(JobExecutionRow::status)
			.containsExactly("STOPPED", "COMPLETED");
		assertThat(noTtl("session:*")).isZero();

		Files.delete(jobs.resolve("broken.yml"));
		seed();
		Cli.Result alertOnly = Cli.in(dir, redis.url(), "run", "--all");
		assertThat(alertOnly.exitCode()).as(alertOnly.err()).isEqualTo(ExitCodes.ALERT);
	}

	@Test
	void rateHoldsEveryJobToItInsteadOfItsDefinitionsRateWhetherRunOrResumed() throws Exception {
		long rate = 200;
		Definitions.write(jobs, "notify", Definitions.notifyYaml(NotifyCounters.MATCH, 50, 50) + "rate: 1000000\n");
		Definitions.write(jobs, "sessions", SESSIONS_BY_TWENTY);
		long stopped = stoppedExecution("sessions");

		Cli.Result result = Cli.in(dir, redis.url(), "run", "--all", "--rate", Long.toString(rate));

		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("== notify: exit code 0")
			.contains("== sessions: exit code 0")
			.contains("resumed from #" + stopped);
		assertThat(noTtl("b-*-notify")).isZero();
		assertThat(noTtl("session:*")).isZero();
		// a sweep that ignored --rate reads these keys in milliseconds
		List<StepExecutionRow> swept = JobRepositoryRows.stepExecutions(data)
			.stream()
			.filter(step -> step.jobExecutionId() != stopped)
			.toList();
		assertThat(swept).hasSize(2).allSatisfy(step -> {
			assertThat(step.readCount()).isGreaterThanOrEqualTo(KEYS / 2);
			assertThat(step.elapsed()).as("%d keys at %d keys/s", step.readCount(), rate)
				.isGreaterThanOrEqualTo(step.leastTimeAt(rate));
		});
	}

	@Test
	void exitCodePrecedenceIsUsageThenFailedThenStoppedThenAlertThenCompleted() {
		List<Integer> worstFirst = List.of(ExitCodes.OPERATOR_ERROR, ExitCodes.FAILED, ExitCodes.STOPPED,
				ExitCodes.ALERT, ExitCodes.COMPLETED);
		for (int i = 0; i < worstFirst.size(); i++) {
			for (int j = i; j < worstFirst.size(); j++) {
				assertThat(ExitCodes.worst(worstFirst.get(i), worstFirst.get(j))).isEqualTo(worstFirst.get(i));
				assertThat(ExitCodes.worst(worstFirst.get(j), worstFirst.get(i))).isEqualTo(worstFirst.get(i));
			}
		}
	}

	@Test
	void allTakesNoJobNeedsAMetricsFilePerJobAndARateAboveZero() {
		Definitions.write(jobs, "notify", Definitions.notifyYaml(NotifyCounters.MATCH, 50, 50));

		Cli.Result withJob = Cli.in(dir, redis.url(), "run", "notify", "--all");
		Cli.Result oneMetricsFile = Cli.in(dir, redis.url(), "run", "--all", "--metrics-file",
				dir.resolve("keysweep.prom").toString());
		Cli.Result zeroRate = Cli.in(dir, redis.url(), "run", "--all", "--rate", "0");

		assertThat(withJob.exitCode()).isEqualTo(ExitCodes.OPERATOR_ERROR);
		assertThat(withJob.err()).startsWith("keysweep: --all runs every enabled job as its definition says");
		assertThat(oneMetricsFile.exitCode()).isEqualTo(ExitCodes.OPERATOR_ERROR);
		assertThat(oneMetricsFile.err()).contains("put {job} in the file name");
		assertThat(zeroRate.exitCode()).isEqualTo(ExitCodes.OPERATOR_ERROR);
		assertThat(zeroRate.err()).isEqualTo("keysweep: --rate must be a number of keys per second above zero\n");
		assertThat(zeroRate.out()).isEmpty();
		assertThat(noTtl("b-*-notify")).isEqualTo(KEYS);
	}

	@Test
	void jobsListsKindScheduleNextRunAndLastRunAndNamesAnInvalidDefinition() {
		Definitions.write(jobs, "nightly", Definitions.notifyYaml(NotifyCounters.MATCH, 50, 50)
				+ "schedule: \"0 0 3 * * *\"\ntime-zone: Europe/Berlin\nmissed: skip\n");
		Definitions.write(jobs, "manual", Definitions.notifyYaml("x-*", 50, 50) + "enabled: false\n");
		Definitions.write(jobs, "census", "kind: audit\n");
		Definitions.write(jobs, "broken",
				Definitions.notifyYaml(NotifyCounters.MATCH, 50, 50) + "schedule: \"every night\"\n");
		assertThat(Cli.in(dir, redis.url(), "run", "nightly").exitCode()).isZero();

		Cli.Result result = Cli.in(dir, redis.url(), "jobs");

		assertThat(result.exitCode()).isEqualTo(ExitCodes.OPERATOR_ERROR);
		assertThat(result.err().lines()).singleElement()
			.asString()
			.startsWith("keysweep: " + jobs.resolve("broken.yml")
					+ ":9: field 'schedule': 'every night' is not a cron expression");
		assertThat(result.out().lines()).hasSize(5);
		assertThat(result.out().lines().toList().get(0)).matches("JOB +KIND +ENABLED +SCHEDULE +NEXT RUN +LAST RUN");
		assertThat(result.out()).containsPattern("broken +- +invalid +- +- +never")
			.containsPattern("census +audit +yes +- +- +never")
			.containsPattern("manual +sweep +no +- +- +never")
			.containsPattern("nightly +sweep +yes +0 0 3 \\* \\* \\* Europe/Berlin \\(missed: skip\\) +"
					+ "\\d{4}-\\d\\d-\\d\\d 03:00:00 \\+0[12]:00 +COMPLETED #1 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
	}

	private long stoppedExecution(String job) throws Exception {
		try (TestApp app = TestApp.start(redis.url(), data)) {
			return app.stoppedRun(new JobDefinitions(jobs).load(job), 2).getId();
		}
	}

	@Test
	void aWorkerSkipsAJobCompletedOnItsRedisWithinTheWindow() {
		Definitions.write(jobs, "notify", Definitions.notifyYaml(NotifyCounters.MATCH, 50, 50));
		Cli.Result first = Cli.in(dir, redis.url(), "run", "--all", "--skip-done-within", "1h");
		assertThat(first.exitCode()).as(first.err()).isZero();
		assertThat(noTtl("b-*-notify")).isZero();
		try (Jedis jedis = redis.client(); Pipeline pipeline = jedis.pipelined()) {
			NotifyCounters.seed(pipeline, KEYS);
			pipeline.sync();
		}

		Cli.Result again = Cli.in(dir, redis.url(), "run", "--all", "--skip-done-within", "1h");

		assertThat(again.exitCode()).as(again.err()).isZero();
		assertThat(again.out()).contains("notify: not swept again: execution 1 of job 'notify' (COMPLETED");
		assertThat(noTtl("b-*-notify")).as("the second run swept nothing").isEqualTo(KEYS);
		assertThat(JobRepositoryRows.jobExecutions(data)).hasSize(1);
		Cli.Result without = Cli.in(dir, redis.url(), "run", "--all");
		assertThat(without.out()).contains("notify: COMPLETED (execution 2)");
	}

	private long noTtl(String match) {
		try (Jedis jedis = redis.client()) {
			return jedis.keys(match).stream().filter(key -> jedis.ttl(key) == -1).count();
		}
	}

}
