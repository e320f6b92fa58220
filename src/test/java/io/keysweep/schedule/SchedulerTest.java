package io.keysweep.schedule;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.lock.Lease;
import io.keysweep.lock.SweepLock;
import io.keysweep.run.TargetExecutions;
import io.keysweep.run.StopRequest;
import io.keysweep.run.SweepRequest;
import io.keysweep.run.UnattendedRun;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.JobRepositoryRows.JobExecutionRow;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.NotifyCounters;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepListener;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon's loop on a test clock: fire times pass at once instead of in hours, while
 * every turn is a real sweep (resumed or new, holding the job's lock) against a real
 * Redis and a real job repository.
 */
@ExtendWith(OutputCaptureExtension.class)
class SchedulerTest {

	private static final int KEYS = 300;

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@TempDir
	Path dir;

	private Path jobs;

	private TestApp app;

	private final MovableClock clock = new MovableClock();

	private final StopRequest stop = new StopRequest();

	/** Each turn: the job and the clock when it started. */
	private final List<String> starts = new ArrayList<>();

	private final List<String> refusals = new ArrayList<>();

	@BeforeEach
	void seedAndStart() {
		redis.flushAll();
		try (Jedis jedis = redis.client(); Pipeline pipeline = jedis.pipelined()) {
			NotifyCounters.seed(pipeline, KEYS);
			pipeline.sync();
		}
		jobs = dir.resolve("jobs");
		app = TestApp.start(redis.url(), dir.resolve("data"));
	}

	@AfterEach
	void closeApp() {
		app.close();
	}

	@Test
	void firesEachJobAtItsScheduleInItsTimeZone(CapturedOutput output) throws Exception {
		JobDefinition early = define("early", "schedule: \"0 0 3 * * *\"\ntime-zone: UTC\n");
		// 09:00 in Tokyo is midnight UTC
		JobDefinition tokyo = define("tokyo", "schedule: \"0 0 9 * * *\"\ntime-zone: Asia/Tokyo\n");
		clock.set("2030-01-01T02:00:00Z");

		runUntil("2030-01-02T04:00:00Z", List.of(early, tokyo));

		assertThat(starts).containsExactly("early 2030-01-01T03:00:00Z", "tokyo 2030-01-02T00:00:00Z",
				"early 2030-01-02T03:00:00Z");
		assertThat(JobRepositoryRows.jobExecutions(dir.resolve("data"))).extracting(JobExecutionRow::status)
			.containsExactly("COMPLETED", "COMPLETED", "COMPLETED");
		assertThat(leakedKeysWithoutTtl()).isZero();
		assertThat(output)
			.contains("job 'tokyo': schedule 0 0 9 * * * Asia/Tokyo, next at 2030-01-02T09:00+09:00[Asia/Tokyo]")
			.contains("job 'early': starting (fire time 2030-01-01T03:00Z[UTC])")
			.contains("job 'early': ended with exit code 0; next at 2030-01-02T03:00Z[UTC]");
	}

	@Test
	void aJobStillRunningAtItsNextFireTimeIsNotStartedAgain(CapturedOutput output) throws Exception {
		JobDefinition minutely = define("minutely", "schedule: \"0 * * * * *\"\ntime-zone: UTC\n");
		clock.set("2030-01-01T00:00:30Z");

		// the first run takes 105 s of the test clock: it is still running at 00:02:00
		runUntil("2030-01-01T00:03:30Z", List.of(minutely), new TakesLong(Duration.ofSeconds(105)));

		assertThat(starts).containsExactly("minutely 2030-01-01T00:01:00Z", "minutely 2030-01-01T00:03:00Z");
		assertThat(output)
			.contains("job 'minutely': fire time 2030-01-01T00:02Z[UTC] passed while it ran; not started again");
		assertThat(JobRepositoryRows.jobExecutions(dir.resolve("data"))).extracting(JobExecutionRow::status)
			.containsExactly("COMPLETED", "COMPLETED");
	}

	@Test
	void aJobThatAnotherHostSweepsAtItsFireTimeIsNotStarted() throws Exception {
		JobDefinition minutely = define("minutely", "schedule: \"0 * * * * *\"\ntime-zone: UTC\n");
		clock.set("2030-01-01T00:00:30Z");
		// the same lock another host's keysweep takes, with a token of its own
		Lease otherHost = app.bean(SweepLock.class).acquire("minutely", false);
		Instant otherHostDone = Instant.parse("2030-01-01T00:01:30Z");
		Instant horizon = Instant.parse("2030-01-01T00:02:30Z");

		new Scheduler(List.of(minutely), clock, when -> {
			if (!when.isBefore(otherHostDone)) {
				otherHost.close();
			}
			advanceOrStop(when, horizon);
		}, stop, app.bean(TargetExecutions.class)).run(turn());

		assertThat(starts).containsExactly("minutely 2030-01-01T00:01:00Z", "minutely 2030-01-01T00:02:00Z");
		assertThat(refusals).singleElement().asString().contains("job 'minutely' is being swept against");
		assertThat(JobRepositoryRows.jobExecutions(dir.resolve("data"))).extracting(JobExecutionRow::status)
			.containsExactly("COMPLETED");
		assertThat(leakedKeysWithoutTtl()).isZero();
	}

	@Test
	void anInterruptedRunIsResumedAtTheNextFireTimeInsteadOfStartingOver() throws Exception {
		JobDefinition nightly = define("nightly", "schedule: \"0 0 3 * * *\"\ntime-zone: UTC\nmissed: skip\n");
		stoppedExecution(nightly);
		clock.set("2030-01-01T02:00:00Z");

		runUntil("2030-01-01T04:00:00Z", List.of(nightly));

		assertThat(starts).containsExactly("nightly 2030-01-01T03:00:00Z");
		List<JobExecutionRow> executions = JobRepositoryRows.jobExecutions(dir.resolve("data"));
		assertThat(executions).extracting(JobExecutionRow::status).containsExactly("STOPPED", "COMPLETED");
		assertThat(executions.get(1).instanceId()).isEqualTo(executions.get(0).instanceId());
		assertThat(leakedKeysWithoutTtl()).isZero();
	}

	@Test
	void resumeNeverAbandonsTheInterruptedRunAndStartsOver() throws Exception {
		JobDefinition nightly = define("nightly",
				"schedule: \"0 0 3 * * *\"\ntime-zone: UTC\nmissed: skip\nresume: never\n");
		stoppedExecution(nightly);
		clock.set("2030-01-01T02:00:00Z");

		runUntil("2030-01-01T04:00:00Z", List.of(nightly));

		List<JobExecutionRow> executions = JobRepositoryRows.jobExecutions(dir.resolve("data"));
		assertThat(executions).extracting(JobExecutionRow::status).containsExactly("ABANDONED", "COMPLETED");
		assertThat(executions.get(1).instanceId()).isNotEqualTo(executions.get(0).instanceId());
	}

	@Test
	void aMissedWindowRunsOnceAtStartUpWithRunOnceAndWaitsWithSkip() throws Exception {
		JobDefinition runOnce = define("run-once", "schedule: \"0 0 3 * * *\"\ntime-zone: UTC\n");
		JobDefinition skip = define("skip", "schedule: \"0 0 3 * * *\"\ntime-zone: UTC\nmissed: skip\n");
		// both ran (now); the daemon comes back two days later, so a 03:00 passed with no
		// daemon running
		app.bean(UnattendedRun.class).run(SweepRequest.of(runOnce, stop));
		app.bean(UnattendedRun.class).run(SweepRequest.of(skip, stop));
		Instant back = Instant.now()
			.plus(Duration.ofDays(2))
			.truncatedTo(ChronoUnit.HOURS)
			.plus(Duration.ofMinutes(30));
		clock.set(back.toString());
		Instant next3am = back.atZone(ZoneOffset.UTC).toLocalDate().atTime(3, 0).toInstant(ZoneOffset.UTC);
		if (!next3am.isAfter(back)) {
			next3am = next3am.plus(Duration.ofDays(1));
		}

		runUntil(back.plus(Duration.ofHours(24)).toString(), List.of(runOnce, skip));

		assertThat(starts).containsExactly("run-once " + back, "run-once " + next3am, "skip " + next3am);
	}

	private void runUntil(String horizon, List<JobDefinition> jobs, StepListener... listeners) throws Exception {
		Instant end = Instant.parse(horizon);
		new Scheduler(jobs, clock, when -> advanceOrStop(when, end), stop, app.bean(TargetExecutions.class))
			.run(turn(listeners));
	}

	/**
	 * The test clock jumps to the fire time; past the horizon, the daemon is asked to
	 * stop instead.
	 */
	private void advanceOrStop(Instant when, Instant horizon) {
		if (when.isAfter(horizon)) {
			stop.request();
		}
		else {
			clock.set(when.toString());
		}
	}

	/** A real unattended run, as the daemon's turn does it, minus the printing. */
	private Scheduler.Turn turn(StepListener... listeners) {
		return definition -> {
			starts.add(definition.name() + " " + clock.instant());
			try {
				JobExecution execution = app.bean(UnattendedRun.class)
					.run(SweepRequest.of(definition, stop, listeners))
					.execution();
				return execution.getStatus() == BatchStatus.COMPLETED ? 0 : 1;
			}
			catch (Exception refused) {
				refusals.add(refused.getMessage());
				return 2;
			}
		};
	}

	private JobDefinition define(String name, String schedule) {
		Definitions.write(jobs, name, Definitions.notifyYaml(NotifyCounters.MATCH, 50, 50) + schedule);
		return new JobDefinitions(jobs).load(name);
	}

	private void stoppedExecution(JobDefinition definition) throws Exception {
		app.stoppedRun(definition, 2);
	}

	private long leakedKeysWithoutTtl() {
		return NotifyCounters.withoutTtl(redis, KEYS);
	}

	/**
	 * Moves the test clock on by so much at the first chunk of the first run: a long
	 * sweep, in no time.
	 */
	private final class TakesLong implements ChunkListener<Object, Object> {

		private final Duration duration;

		private boolean done;

		TakesLong(Duration duration) {
			this.duration = duration;
		}

		@Override
		public void afterChunk(Chunk<Object> chunk) {
			if (!done) {
				done = true;
				clock.set(clock.instant().plus(duration).toString());
			}
		}

	}

	/** A clock that stands still until the test moves it. */
	private static final class MovableClock extends Clock {

		private volatile Instant now = Instant.EPOCH;

		void set(String instant) {
			now = Instant.parse(instant);
		}

		@Override
		public Instant instant() {
			return now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException("the scheduler reads instants only");
		}

	}

}
