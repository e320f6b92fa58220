package io.keysweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.keysweep.testing.Cli;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.SweepWorkspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobs} and {@code report} read the job repository without starting Spring Boot,
 * and must still find it where Boot's settings say: {@code spring.datasource.*} from the
 * environment (here Java system properties, which Boot ranks the same way),
 * {@code spring.datasource.hikari.*}, and, when the operator configures Boot itself, what
 * Boot's own start reads.
 */
class RepositorySettingsTest {

	private static final String URL = "spring.datasource.url";

	private static final String USER = "spring.datasource.username";

	private static final String INIT_SQL = "spring.datasource.hikari.connection-init-sql";

	private static final String CONFIG_LOCATION = "spring.config.additional-location";

	private static final String LOG_FILE = "logging.file.name";

	@TempDir
	static Path dir;

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	private static SweepWorkspace swept;

	/** A data dir with no run in it: where the commands look unless told otherwise. */
	private static Path empty;

	@BeforeAll
	static void sweepOnce() {
		swept = SweepWorkspace.create(dir.resolve("swept"), redis, 100, 100);
		assertThat(Cli.run(swept.args("run", SweepWorkspace.JOB)).exitCode()).isZero();
		empty = dir.resolve("empty");
	}

	@AfterEach
	void clearProperties() {
		for (String property : new String[] { URL, USER, INIT_SQL, CONFIG_LOCATION, LOG_FILE }) {
			System.clearProperty(property);
		}
	}

	@Test
	void springDatasourceUrlNamesTheRepositoryThatJobsAndReportRead() {
		assertThat(lastRun()).endsWith("never");
		System.setProperty(URL, sweptRepositoryUrl());
		System.setProperty(USER, "sa");
		assertThat(lastRun()).startsWith("COMPLETED #1 ");
		Cli.Result report = Cli.run("report", "--data-dir", empty.toString());
		assertThat(report.exitCode()).isZero();
		assertThat(report.out()).contains(SweepWorkspace.JOB).contains("COMPLETED");
	}

	@Test
	void hikariSettingsApplyToTheirConnections() {
		System.setProperty(INIT_SQL, "SELECT * FROM NO_SUCH_TABLE");
		Cli.Result jobs = jobs();
		assertThat(jobs.exitCode()).isNotZero();
		assertThat(jobs.err()).contains("NO_SUCH_TABLE");
	}

	@Test
	void aBootConfigurationOfTheOperatorsIsReadByBootsOwnStart() throws Exception {
		Path config = Files.createDirectories(dir.resolve("config"));
		Files.writeString(config.resolve("application.properties"),
				URL + "=" + sweptRepositoryUrl() + "\n" + USER + "=sa\n");
		assertThat(CommandEnvironment.userConfigured(dir.resolve("elsewhere"))).isFalse();
		System.setProperty(CONFIG_LOCATION, "file:" + config + "/");
		assertThat(CommandEnvironment.userConfigured(dir.resolve("elsewhere"))).isTrue();
		assertThat(lastRun()).startsWith("COMPLETED #1 ");
	}

	@Test
	void bootsConfigurationFilesAreLookedForWhereBootLooks() throws Exception {
		Path cwd = Files.createDirectories(dir.resolve("cwd"));
		Files.writeString(cwd.resolve("application.log"), "a log of some other program\n");
		assertThat(CommandEnvironment.userConfigured(cwd)).isFalse();
		Path profileFile = Files.createDirectories(cwd.resolve("config/prod")).resolve("application-prod.yml");
		Files.writeString(profileFile, "spring.datasource.username: sa\n");
		assertThat(CommandEnvironment.userConfigured(cwd)).isTrue();
		Files.delete(profileFile);
		Files.writeString(cwd.resolve("application.yaml"), "spring.datasource.username: sa\n");
		assertThat(CommandEnvironment.userConfigured(cwd)).isTrue();
	}

	/**
	 * A database that hangs up on every connection: {@code report} tries it once, not
	 * once to look for the schema and again to create it, and says so in one line.
	 */
	@Test
	void anUnreachableRepositoryIsTriedOnceAndReportedInOneLine() throws Exception {
		AtomicInteger connections = new AtomicInteger();
		try (ServerSocket hangsUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread accepting = new Thread(() -> {
				while (!hangsUp.isClosed()) {
					try (Socket connection = hangsUp.accept()) {
						connections.incrementAndGet();
					}
					catch (IOException closed) {
						// the test is over
					}
				}
			});
			accepting.start();
			Cli.Result report = Cli.run("report", "--data-dir", empty.toString(), "--job-repository",
					"jdbc:postgresql://127.0.0.1:" + hangsUp.getLocalPort() + "/keysweep?sslmode=disable");
			assertThat(report.exitCode()).isEqualTo(1);
			assertThat(report.err()).startsWith("keysweep: ").hasLineCount(1);
			assertThat(connections).hasValue(1);
		}
	}

	@Test
	void theirLogGoesToTheLogFileBootsSettingsName() throws Exception {
		Path log = dir.resolve("logs/keysweep.log");
		System.setProperty(LOG_FILE, log.toString());
		Cli.Result verbose = Cli.run("jobs", "--jobs-dir", swept.jobs().toString(), "--data-dir", empty.toString(),
				"--verbose");
		assertThat(verbose.exitCode()).as(verbose.err()).isZero();
		assertThat(Files.readString(log)).containsPattern("HikariPool-\\d+ - Start completed");
	}

	private static Cli.Result jobs() {
		return Cli.run("jobs", "--jobs-dir", swept.jobs().toString(), "--data-dir", empty.toString());
	}

	/** The LAST RUN column of the job's line. */
	private static String lastRun() {
		Cli.Result jobs = jobs();
		assertThat(jobs.exitCode()).as(jobs.err()).isZero();
		String line = jobs.out().lines().filter(l -> l.startsWith(SweepWorkspace.JOB + " ")).findFirst().orElseThrow();
		return line.replaceFirst("^(\\S+\\s+){5}", "");
	}

	private static String sweptRepositoryUrl() {
		return "jdbc:h2:file:" + swept.data().resolve("keysweep") + ";AUTO_SERVER=TRUE";
	}

}
