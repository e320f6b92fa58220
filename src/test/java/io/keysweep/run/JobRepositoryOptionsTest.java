package io.keysweep.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.JobRepositoryKind;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.JobRepositoryRows.JobExecutionRow;
import io.keysweep.testing.PostgresServer;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.TestRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --job-repository} and its password: a run recorded in PostgreSQL, the schema
 * made on first use, and the password neither taken from the URL nor stored.
 */
class JobRepositoryOptionsTest {

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@TempDir
	Path dir;

	@BeforeEach
	void define() {
		Definitions.write(dir.resolve("jobs"), "notify", Definitions.notifyYaml("b-*-notify", 100, 100));
		redis.flushAll();
	}

	@Test
	void aRunIsRecordedInPostgresqlAndThePasswordIsNowhereInIt() {
		TestRepository repository = JobRepositoryKind.POSTGRESQL.create(dir.resolve("data"));
		try (Jedis jedis = redis.client()) {
			BatchKeys.leaked(jedis, 25);
		}

		Cli.Result run = keysweep(repository, "run", "notify");

		assertThat(run.exitCode()).as(run.err()).isZero();
		assertThat(run.out() + run.err()).doesNotContain(PostgresServer.PASSWORD);
		assertThat(JobRepositoryRows.jobExecutions(repository)).extracting(JobExecutionRow::status)
			.containsExactly("COMPLETED");
		assertThat(JobRepositoryRows.storedText(repository)).isNotEmpty()
			.noneMatch(text -> text.contains(PostgresServer.PASSWORD));
		assertThat(dir.resolve("data/keysweep.mv.db")).as("no H2 file beside PostgreSQL").doesNotExist();
		Cli.Result report = keysweep(repository, "report");
		assertThat(report.out()).contains("COMPLETED");
	}

	@Test
	void aUrlWithAPasswordInItIsRefusedWithoutEchoingIt() {
		for (String url : new String[] { "jdbc:postgresql://127.0.0.1:1/keysweep?user=k&password=hunter2-x",
				"jdbc:postgresql://k:hunter2-x@127.0.0.1:1/keysweep",
				"jdbc:h2:file:/tmp/k;USER=sa;PASSWORD=hunter2-x" }) {
			Cli.Result refused = Cli.in(dir, redis.url(), "run", "notify", "--job-repository", url);

			assertThat(refused.exitCode()).as(url).isEqualTo(2);
			assertThat(refused.err().lines()).as(url)
				.singleElement()
				.asString()
				.contains("the job repository URL carries a password")
				.contains("KEYSWEEP_JOB_REPOSITORY_PASSWORD")
				.doesNotContain("hunter2-x");
		}
		assertThat(dir.resolve("data/keysweep.mv.db")).doesNotExist();
	}

	@Test
	void anUnreadablePasswordFileIsAnOperatorError() throws Exception {
		Path empty = Files.createFile(dir.resolve("empty-password"));

		Cli.Result refused = Cli.in(dir, redis.url(), "run", "notify", "--job-repository",
				PostgresServer.shared().newDatabase(), "--job-repository-password-file", empty.toString());

		assertThat(refused.exitCode()).isEqualTo(2);
		assertThat(refused.err()).isEqualTo("keysweep: --job-repository-password-file: " + empty
				+ " is empty; its first line is the password" + System.lineSeparator());
	}

	@Test
	void aPasswordTheDatabaseRefusesIsAnOperatorError() throws Exception {
		Path wrong = Files.writeString(dir.resolve("wrong-password"), "not-the-pa55word\n");

		String database = PostgresServer.shared().newDatabase();
		// run starts Spring Boot; report opens the repository without it
		for (String[] command : List.of(new String[] { "run", "notify" }, new String[] { "report" })) {
			List<String> args = new ArrayList<>(List.of(command));
			args.addAll(List.of("--job-repository", database, "--job-repository-password-file", wrong.toString()));
			Cli.Result refused = Cli.in(dir, redis.url(), args.toArray(String[]::new));

			assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
			assertThat(refused.err().lines()).singleElement()
				.asString()
				.startsWith("keysweep: the job repository refused the credentials (")
				.contains("password authentication failed")
				.doesNotContain("not-the-pa55word");
		}
	}

	private Cli.Result keysweep(TestRepository repository, String... command) {
		return Cli.in(dir, redis.url(),
				Stream.concat(Arrays.stream(command), repository.args().stream()).toArray(String[]::new));
	}

}
