package io.keysweep;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.keysweep.testing.JarRun;
import io.keysweep.testing.JobRepositoryKind;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.JobRepositoryRows.JobExecutionRow;
import io.keysweep.testing.LeakedKeyspace;
import io.keysweep.testing.PostgresServer;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.SweepWorkspace;
import io.keysweep.testing.TestRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.keysweep.testing.SweepWorkspace.JOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar on two "hosts" (two data dirs, nothing shared but PostgreSQL and
 * Redis), configured by the environment as a container is: one sweeps, the other stops
 * it, resumes it and reports it. The password is in no process list, output or row.
 */
class PostgresJobRepositoryIT {

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@TempDir
	Path dir;

	@Test
	void twoHostsShareOneRepository() throws Exception {
		LeakedKeyspace keyspace = LeakedKeyspace.seed(redis);
		SweepWorkspace workspace = SweepWorkspace.create(dir, redis, 200, 200, JobRepositoryKind.POSTGRESQL);
		TestRepository repository = workspace.repository();
		Map<String, String> env = new HashMap<>(repository.env());
		env.put("KEYSWEEP_JOB_REPOSITORY_USER", PostgresServer.USER);
		Process sweep = JarRun.start(dir.resolve("logs-run"), env, hostArgs("host-a", "run", JOB));
		JarRun.Result stop;
		try {
			await().atMost(Duration.ofSeconds(120))
				.until(() -> !sweep.isAlive() || LeakedKeyspace.expiriesSent(redis) >= 600);
			assertThat(sweep.isAlive()).as("sweeping").isTrue();
			assertThat(sweep.info().arguments().map(List::of).orElse(List.of()))
				.noneMatch(arg -> arg.contains(PostgresServer.PASSWORD));
			// the sweep held inside a chunk until the stop is in the repository
			redis.pauseWrites();
			stop = JarRun.run(dir.resolve("logs-stop"), env, hostArgs("host-b", "stop", JOB));
			redis.unpauseWrites();
			assertThat(stop.exitCode()).as(stop.err()).isZero();
			assertThat(stop.out()).contains("Asked execution");
			assertThat(sweep.waitFor()).isEqualTo(4);
		}
		finally {
			redis.unpauseWrites();
			sweep.destroyForcibly();
		}

		JarRun.Result resume = JarRun.run(dir.resolve("logs-resume"), env, hostArgs("host-b", "resume", JOB));
		JarRun.Result report = JarRun.run(dir.resolve("logs-report"), env, hostArgs("host-c", "report"));

		assertThat(resume.exitCode()).as(resume.err()).isZero();
		keyspace.assertSweptCompletely(redis);
		assertThat(JobRepositoryRows.jobExecutions(repository)).extracting(JobExecutionRow::status)
			.containsExactly("STOPPED", "COMPLETED");
		assertThat(report.exitCode()).as(report.err()).isZero();
		assertThat(report.out()).contains("STOPPED").contains("COMPLETED");
		for (JarRun.Result result : List.of(stop, resume, report)) {
			assertThat(result.out() + result.err()).doesNotContain(PostgresServer.PASSWORD);
		}
		assertThat(JobRepositoryRows.storedText(repository)).noneMatch(text -> text.contains(PostgresServer.PASSWORD));
	}

	/** The command on one host: its own data dir, the shared jobs and Redis. */
	private String[] hostArgs(String host, String... command) {
		List<String> args = new ArrayList<>(List.of(command));
		args.addAll(List.of("--redis-url", redis.url(), "--jobs-dir", dir.resolve("jobs").toString(), "--data-dir",
				dir.resolve(host).toString()));
		return args.toArray(String[]::new);
	}

}
