package io.keysweep.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.keysweep.batch.SweepParameters;
import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.JobRepositoryKind;
import io.keysweep.testing.JobRepositoryRows.JobExecutionRow;
import io.keysweep.testing.JobRepositoryRows.StepExecutionRow;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.NotifyCounters;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.TestApp;
import io.keysweep.testing.TestRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What run and resume do about a job whose latest execution did not finish, decided from
 * the job repository: on H2 and on PostgreSQL.
 */
@ParameterizedClass
@EnumSource(JobRepositoryKind.class)
class UnfinishedExecutionTest {

	private static final String JOB = "notify";

	private static final int LEAKED = 1_000;

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@TempDir
	Path dir;

	private Path jobs;

	private Path data;

	@Parameter
	JobRepositoryKind kind;

	private TestRepository repository;

	@BeforeEach
	void seedAndDefine() {
		seed(redis);
		jobs = dir.resolve("jobs");
		data = dir.resolve("data");
		repository = kind.create(data);
		Definitions.write(jobs, JOB, Definitions.notifyYaml("b-*-notify", 10, 10));
	}

	@Test
	void runRefusesWhileTheLatestExecutionIsUnfinishedAndChangesNothing() throws Exception {
		long stopped = stoppedExecution(redis.url());

		Cli.Result refused = Cli.run(args("run", JOB));

		assertThat(refused.exitCode()).isEqualTo(2);
		assertThat(refused.err().lines()).singleElement()
			.asString()
			.contains("execution " + stopped + " of job '" + JOB + "' (STOPPED")
			.contains("'keysweep resume " + JOB + "'")
			.contains("'keysweep run " + JOB + " --restart-from-scratch'");
		assertThat(JobRepositoryRows.jobExecutions(repository)).extracting(JobExecutionRow::status)
			.containsExactly("STOPPED");
		assertThat(leakedKeysWithoutTtl()).isEqualTo(LEAKED - 30);
	}

	@Test
	void restartFromScratchAbandonsTheUnfinishedExecutionAndStartsANewRun() throws Exception {
		stoppedExecution(redis.url());

		Cli.Result run = Cli.run(args("run", JOB, "--restart-from-scratch"));

		assertThat(run.exitCode()).as(run.err()).isZero();
		List<JobExecutionRow> executions = JobRepositoryRows.jobExecutions(repository);
		assertThat(executions).extracting(JobExecutionRow::status).containsExactly("ABANDONED", "COMPLETED");
		assertThat(executions.get(1).instanceId()).isNotEqualTo(executions.get(0).instanceId());
		assertThat(leakedKeysWithoutTtl()).isZero();
	}

	@Test
	void restartFromScratchRecoversAnExecutionLeftRunningByADeadProcessBeforeAbandoningIt() throws Exception {
		JobDefinition definition = new JobDefinitions(jobs).load(JOB);
		try (TestApp app = TestApp.start(redis.url(), data, repository.appProperties())) {
			// what kill -9 leaves behind, and no lock in Redis
			app.startedStep(JOB, SweepParameters.newRun(definition, false, 0, endpoint(redis.url())).toJobParameters());
		}

		Cli.Result run = Cli.run(args("run", JOB, "--restart-from-scratch"));

		assertThat(run.exitCode()).as(run.err()).isZero();
		assertThat(JobRepositoryRows.jobExecutions(repository)).extracting(JobExecutionRow::status)
			.containsExactly("ABANDONED", "COMPLETED");
		assertThat(JobRepositoryRows.stepExecutions(repository)).extracting(StepExecutionRow::status)
			.containsExactly("FAILED", "COMPLETED");
		assertThat(leakedKeysWithoutTtl()).isZero();
	}

	@Test
	void resumeSaysSoAndExitsZeroWhenThereIsNothingToResume() {
		Cli.Result never = Cli.run(args("resume", JOB));
		assertThat(never.exitCode()).as(never.err()).isZero();
		assertThat(never.out()).contains("Nothing to resume").contains("no executions");

		assertThat(Cli.run(args("run", JOB)).exitCode()).isZero();
		Cli.Result done = Cli.run(args("resume", JOB));
		assertThat(done.exitCode()).as(done.err()).isZero();
		assertThat(done.out()).contains("Nothing to resume").contains("COMPLETED");
		assertThat(JobRepositoryRows.jobExecutions(repository)).hasSize(1);
	}

	/**
	 * A worker of a fleet that found a run unfinished (another worker's, just ending) and
	 * then took the lock finds the run done: no refusal, no second run.
	 */
	@Test
	void aFleetWorkerLateToResumeARunFindsItDone() throws Exception {
		JobDefinition definition = new JobDefinitions(jobs).load(JOB);
		try (TestApp app = TestApp.start(redis.url(), data, repository.appProperties())) {
			JobExecution stopped = app.stoppedRun(definition, 3);
			SweepRunner runner = app.bean(SweepRunner.class);
			runner.resume(stopped, SweepRequest.of(definition, new StopRequest()));

			SweepResult late = runner.resume(stopped,
					SweepRequest.of(definition, new StopRequest()).withDoneWithin(Duration.ofHours(12)));

			assertThat(late.alreadyDone()).isTrue();
			assertThat(late.execution().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		}
		assertThat(JobRepositoryRows.jobExecutions(repository)).extracting(JobExecutionRow::status)
			.containsExactly("STOPPED", "COMPLETED");
	}

	@Test
	void resumeByExecutionIdContinuesThatRun() throws Exception {
		long stopped = stoppedExecution(redis.url());

		Cli.Result wrongJob = Cli.run(args("resume", "other-job", "--execution", Long.toString(stopped)));
		assertThat(wrongJob.exitCode()).isEqualTo(2);
		Cli.Result unknown = Cli.run(args("resume", "--execution", Long.toString(stopped + 1000)));
		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(unknown.err()).isEqualTo("keysweep: no execution " + (stopped + 1000) + " in this job repository\n");
		Cli.Result resumed = Cli.run(args("resume", "--execution", Long.toString(stopped)));

		assertThat(resumed.exitCode()).as(resumed.err()).isZero();
		List<JobExecutionRow> executions = JobRepositoryRows.jobExecutions(repository);
		assertThat(executions).extracting(JobExecutionRow::status).containsExactly("STOPPED", "COMPLETED");
		assertThat(executions.get(1).instanceId()).isEqualTo(executions.get(0).instanceId());
		assertThat(leakedKeysWithoutTtl()).isZero();
	}

	@Test
	void resumeHoldsTheRestOfTheRunToRate() throws Exception {
		long rate = 1_000;
		long stopped = stoppedExecution(redis.url());

		Cli.Result resumed = Cli.run(args("resume", JOB, "--rate", Long.toString(rate)));

		assertThat(resumed.exitCode()).as(resumed.err()).isZero();
		assertThat(leakedKeysWithoutTtl()).isZero();
		// without the rate, these keys take milliseconds
		StepExecutionRow step = JobRepositoryRows.stepExecutions(repository)
			.stream()
			.filter(s -> s.jobExecutionId() != stopped)
			.findFirst()
			.orElseThrow();
		assertThat(step.readCount()).isGreaterThanOrEqualTo(LEAKED - 40);
		assertThat(step.elapsed()).as("%d keys at %d keys/s", step.readCount(), rate)
			.isGreaterThanOrEqualTo(step.leastTimeAt(rate));
	}

	@Test
	void resumeKeepsTheRateItsRunWasGivenUnlessGivenAnother() throws Exception {
		long rate = 400;
		Cli.Result stoppedRun = stoppedAfter(1, "run", JOB, "--rate", Long.toString(rate));
		assertThat(stoppedRun.exitCode()).as(stoppedRun.err()).isEqualTo(4);

		// resumed without --rate: still 400 keys/s, not full speed
		Cli.Result kept = stoppedAfter(300, "resume", JOB);
		assertThat(kept.exitCode()).as(kept.err()).isEqualTo(4);
		assertThat(kept.out()).contains("rate limit " + rate + " keys/s");
		StepExecutionRow keptStep = JobRepositoryRows.stepExecutions(repository).get(1);
		assertThat(keptStep.elapsed()).as("%d keys at %d keys/s", keptStep.readCount(), rate)
			.isGreaterThanOrEqualTo(keptStep.leastTimeAt(rate));

		// a new --rate replaces it, for this resume and the ones after it
		Cli.Result faster = Cli.run(args("resume", JOB, "--rate", "100000"));
		assertThat(faster.exitCode()).as(faster.err()).isZero();
		assertThat(faster.out()).contains("rate limit 100000 keys/s");
		assertThat(leakedKeysWithoutTtl()).isZero();
	}

	@Test
	void resumeRefusesToContinueAnExecutionAgainstAnotherRedis() throws Exception {
		long stopped;
		try (RedisServer elsewhere = RedisServer.latest()) {
			seed(elsewhere);
			stopped = stoppedExecution(elsewhere.url());
		}

		Cli.Result notThisRedis = Cli.run(args("resume", JOB));
		Cli.Result refused = Cli.run(args("resume", "--execution", Long.toString(stopped)));

		assertThat(notThisRedis.exitCode()).as(notThisRedis.err()).isZero();
		assertThat(notThisRedis.out()).as("another Redis's run is not this one's")
			.contains(
					"Nothing to resume: job '" + JOB + "' has no executions against Redis at " + endpoint(redis.url()));

		assertThat(refused.exitCode()).isEqualTo(2);
		assertThat(refused.err()).contains("execution " + stopped)
			.contains("swept Redis at 127.0.0.1:")
			.contains("--redis-url");
		assertThat(refused.out()).as("no 'Resuming ...' before the refusal").isEmpty();
		assertThat(JobRepositoryRows.jobExecutions(repository)).extracting(JobExecutionRow::status)
			.containsExactly("STOPPED");
		assertThat(leakedKeysWithoutTtl()).isEqualTo(LEAKED);
	}

	@Test
	void aCorruptCheckpointIsAFailureNotTheOperatorsMistake() throws Exception {
		long stopped = stoppedExecution(redis.url());
		try (TestApp app = TestApp.start(redis.url(), data, repository.appProperties())) {
			// the reader's checkpoint, with a last key that no longer decodes: Base64
			// throws IllegalArgumentException
			JobRepository repository = app.bean(JobRepository.class);
			StepExecution step = repository.getJobExecution(stopped).getStepExecutions().iterator().next();
			step.getExecutionContext().putInt("scan.page-offset", 1);
			step.getExecutionContext().putString("scan.page-last-key", "%% not base64 %%");
			repository.updateExecutionContext(step);
		}

		Cli.Result resumed = Cli.run(args("resume", JOB));

		assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(1);
		assertThat(resumed.err()).contains("Illegal base64 character");
		assertThat(leakedKeysWithoutTtl()).isEqualTo(LEAKED - 30);
	}

	private static void seed(RedisServer server) {
		server.flushAll();
		try (Jedis jedis = server.client(); Pipeline pipeline = jedis.pipelined()) {
			NotifyCounters.seed(pipeline, LEAKED);
			for (int i = 0; i < LEAKED; i++) {
				pipeline.set("other:" + i, "x");
			}
			pipeline.sync();
		}
	}

	/**
	 * A run of the job stopped after three chunks of ten keys, as a stop request would
	 * leave it.
	 */
	private long stoppedExecution(String redisUrl) throws Exception {
		try (TestApp app = TestApp.start(redisUrl, data, repository.appProperties())) {
			return app.stoppedRun(new JobDefinitions(jobs).load(JOB), 3).getId();
		}
	}

	/**
	 * Runs the command, and stops its sweep from another command once it has read so many
	 * keys.
	 */
	private Cli.Result stoppedAfter(long keys, String... command) throws Exception {
		int before = stepsSoFar().size();
		CompletableFuture<Cli.Result> sweeping = CompletableFuture.supplyAsync(() -> Cli.run(args(command)));
		while (!sweeping.isDone() && stepsSoFar().stream().skip(before).noneMatch(step -> step.readCount() >= keys)) {
			Thread.sleep(20);
		}
		assertThat(Cli.run(args("stop", JOB)).exitCode()).isZero();
		return sweeping.get(2, TimeUnit.MINUTES);
	}

	private List<StepExecutionRow> stepsSoFar() {
		try {
			return JobRepositoryRows.stepExecutions(repository);
		}
		catch (IllegalStateException notCreatedYet) {
			// the first command of the test has not made the repository's file or tables
			// yet
			return List.of();
		}
	}

	private static String endpoint(String redisUrl) {
		return redisUrl.substring("redis://".length());
	}

	private String[] args(String... command) {
		List<String> args = new ArrayList<>(List.of(command));
		args.addAll(List.of("--redis-url", redis.url(), "--jobs-dir", jobs.toString(), "--data-dir", data.toString()));
		args.addAll(repository.args());
		return args.toArray(String[]::new);
	}

	private long leakedKeysWithoutTtl() {
		return NotifyCounters.withoutTtl(redis, LEAKED);
	}

}
