package io.keysweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.Keyspace;
import io.keysweep.testing.Keyspace.KeyState;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The run command as people and scripts use it: exit codes, one-line errors, and Redis
 * left alone on bad input.
 */
class RunCommandTest {

	private static final String PASSWORD = "n1ght-sw33p";

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass("--requirepass", PASSWORD);

	@TempDir
	Path dir;

	private Path jobs;

	private Path data;

	private Map<ByteBuffer, KeyState> before;

	@BeforeEach
	void seed() {
		jobs = dir.resolve("jobs");
		data = dir.resolve("data");
		Definitions.write(jobs, "notify", Definitions.notifyYaml("b-*-notify", 100, 10));
		try (Jedis jedis = client()) {
			jedis.flushAll();
			for (int i = 0; i < 25; i++) {
				jedis.set("b-leaked%08d-notify".formatted(i), "1");
			}
			jedis.set("session:1", "x");
		}
		before = snapshot();
	}

	private String url() {
		return "redis://:" + PASSWORD + "@127.0.0.1:" + redis.port();
	}

	@Test
	void runsASweepAndPrintsItsSummary() {
		Cli.Result result = Cli.run("run", "notify", "--jobs-dir", jobs.toString(), "--redis-url", url(), "--data-dir",
				data.toString());

		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("notify: COMPLETED (execution 1)")
			.contains("keys scanned 25, matching 25")
			.contains("classes: leaked 25")
			.contains("expired 25, would expire 0, already had a TTL 0, vanished 0")
			.contains("keys/s");
		assertThat(result.out() + result.err()).doesNotContain(PASSWORD);
		assertThat(result.err()).isEmpty();
		try (Jedis jedis = client()) {
			assertThat(jedis.ttl("b-leaked00000000-notify")).isGreaterThan(2_591_000L);
			assertThat(jedis.ttl("session:1")).isEqualTo(-1);
		}
		assertThat(jobRepositoryRows("BATCH_JOB_EXECUTION")).isEqualTo(1);
		assertThat(jobRepositoryText()).doesNotContain(PASSWORD);
	}

	@Test
	void takesItsOptionsInAnyOrderAfterTheCommand() {
		Cli.Result result = Cli.run("run", "--dry-run", "--data-dir", data.toString(), "notify", "--limit", "7",
				"--redis-url", url(), "--jobs-dir", jobs.toString());
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("dry run").contains("keys scanned 7").contains("would expire 7");
		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void anUnknownJobIsAUsageError() {
		assertRefused(
				Cli.run("run", "nightly", "--jobs-dir", jobs.toString(), "--redis-url", url(), "--data-dir",
						data.toString()),
				2, "keysweep: unknown job 'nightly': no " + jobs.resolve("nightly.yml") + " (jobs there: notify)");
	}

	@Test
	void aMalformedDefinitionIsRefusedBeforeAnythingTouchesRedis() {
		Definitions.write(jobs, "broken", "match: \"b-*-notify\"\nclassifier: [oops\n");
		Cli.Result result = Cli.run("run", "broken", "--jobs-dir", jobs.toString(), "--redis-url", url(), "--data-dir",
				data.toString());
		assertRefused(result, 2, "keysweep: " + jobs.resolve("broken.yml") + ":");
		assertThat(result.err()).contains("not valid YAML");
		assertThat(data).doesNotExist();
	}

	@Test
	void aPatternThatSweepsEverythingIsRefused() {
		Definitions.write(jobs, "all", Definitions.notifyYaml("*", 100, 10));
		assertRefused(
				Cli.run("run", "all", "--jobs-dir", jobs.toString(), "--redis-url", url(), "--data-dir",
						data.toString()),
				2, "keysweep: " + jobs.resolve("all.yml")
						+ ":1: field 'match': '*' would sweep every key; narrow it, or set allow-broad-match: true");
	}

	@Test
	void aNegativeTtlIsRefused() {
		Definitions.write(jobs, "negative",
				Definitions.notifyYaml("b-*-notify", 100, 10).replace("live: 30d", "live: -30d"));
		assertRefused(
				Cli.run("run", "negative", "--jobs-dir", jobs.toString(), "--redis-url", url(), "--data-dir",
						data.toString()),
				2,
				"keysweep: " + jobs.resolve("negative.yml") + ":8: field 'ttl.live': '-30d' must be longer than zero");
	}

	@Test
	void aWrongPasswordIsAConfigurationErrorThatNeverPrintsThePassword() {
		Cli.Result result = Cli.run("run", "notify", "--jobs-dir", jobs.toString(), "--redis-url",
				"redis://:guessed-wrong@127.0.0.1:" + redis.port(), "--data-dir", data.toString());
		assertRefused(result, 2,
				"keysweep: Redis at 127.0.0.1:" + redis.port() + " refused the credentials: WRONGPASS");
		assertThat(result.err()).doesNotContain("guessed-wrong");
		assertThat(jobRepositoryRows("BATCH_JOB_EXECUTION")).isZero();
	}

	@Test
	void anUnreachableRedisFailsWithOneLineNamingTheEndpoint() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		Cli.Result result = Cli.run("run", "notify", "--jobs-dir", jobs.toString(), "--redis-url",
				"redis://127.0.0.1:" + closedPort, "--data-dir", data.toString());
		assertRefused(result, 1, "keysweep: cannot reach Redis at 127.0.0.1:" + closedPort + ": ");
		assertThat(jobRepositoryRows("BATCH_JOB_EXECUTION")).isZero();
	}

	@Test
	void badOptionsAreUsageErrors() {
		assertRefused(Cli.run("run", "notify", "--jobs-dir", jobs.toString(), "--redis-url", "http://127.0.0.1",
				"--data-dir", data.toString()), 2,
				"keysweep: invalid Redis URL: the scheme must be redis:// or rediss://");
		assertRefused(Cli.run("run", "notify", "--jobs-dir", jobs.toString(), "--limit", "-1", "--redis-url", url(),
				"--data-dir", data.toString()), 2, "keysweep: --limit must not be negative");
		for (String rate : List.of("0", "-100")) {
			assertRefused(
					Cli.run("run", "notify", "--jobs-dir", jobs.toString(), "--rate", rate, "--redis-url", url(),
							"--data-dir", data.toString()),
					2, "keysweep: --rate must be a number of keys per second above zero");
		}
		// what picocli refuses is one line too, not its message followed by the usage
		// text
		assertRefused(Cli.run("run", "notify", "--expire-everything"), 2,
				"keysweep: Unknown option: '--expire-everything' (keysweep help run lists the options)");
		assertRefused(Cli.run("run", "notify", "--rate", "fast"), 2,
				"keysweep: Invalid value for option '--rate': 'fast' is not a long");
		assertRefused(Cli.run("stop"), 2, "keysweep: Missing required parameter: '<job>'");
		assertRefused(Cli.run("sweep-everything"), 2,
				"keysweep: Unmatched argument at index 0: 'sweep-everything' (keysweep --help lists the commands)");
	}

	@Test
	void urlsAndServersNoRetryWillFixAreOperatorErrors() throws Exception {
		String base = "redis://:" + PASSWORD + "@127.0.0.1:";
		assertRefused(run(base + "99999"), 2, "keysweep: invalid Redis URL: port 99999 is not from 1 to 65535");
		for (String query : List.of("?timeout=5", "/0?ssl=true", "#x")) {
			Cli.Result refused = run(base + redis.port() + query);
			assertRefused(refused, 2, "keysweep: invalid Redis URL: keysweep takes no ?options in it");
			assertThat(refused.err()).doesNotContain(PASSWORD);
		}
		assertRefused(run(base + redis.port() + "/99"), 2, "keysweep: Redis at 127.0.0.1:" + redis.port()
				+ "/99 has no database 99 (ERR DB index is out of range)");
		Path ca = Files.writeString(dir.resolve("ca.pem"), "not used");
		assertRefused(
				Cli.run("run", "notify", "--jobs-dir", jobs.toString(), "--redis-url", url(), "--data-dir",
						data.toString(), "--redis-ca", ca.toString()),
				2, "keysweep: --redis-ca and --redis-client-cert are " + "for rediss:// URLs, and Redis at 127.0.0.1:"
						+ redis.port() + " is given as redis://");
		// a plain port named by rediss://: the server takes the TLS ClientHello for an
		// unfinished command
		assertRefused(run("rediss://:" + PASSWORD + "@127.0.0.1:" + redis.port()), 2, "keysweep: Redis at 127.0.0.1:"
				+ redis.port() + ": no TLS handshake with 127.0.0.1:" + redis.port() + " within 2 s");
		assertThat(jobRepositoryRows("BATCH_JOB_EXECUTION")).isZero();
	}

	@Test
	void aPortWhereSomethingElseAnswersIsNamedAsNotRedis() throws Exception {
		try (ServerSocket web = new ServerSocket(0)) {
			Thread server = new Thread(() -> answerLikeAWebServer(web));
			server.setDaemon(true);
			server.start();
			assertRefused(run("redis://127.0.0.1:" + web.getLocalPort()), 2, "keysweep: the server at 127.0.0.1:"
					+ web.getLocalPort() + " does not answer as Redis does (Unknown reply: <)");
		}
	}

	@Test
	void aRenamedInfoCommandIsAnOperatorError() {
		try (RedisServer renamed = RedisServer.latest("--rename-command", "INFO", "")) {
			Cli.Result refused = Cli.run("run", "notify", "--jobs-dir", jobs.toString(), "--redis-url", renamed.url(),
					"--data-dir", data.toString());
			assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
			assertThat(refused.err()).startsWith("keysweep: Redis at 127.0.0.1:" + renamed.port()
					+ " does not know a command keysweep needs (ERR unknown command 'INFO'");
			assertThat(refused.err().strip().lines()).hasSize(1);
		}
		assertThat(jobRepositoryRows("BATCH_JOB_EXECUTION")).isZero();
	}

	/** What an HTTP server answers to anything: an HTML page. */
	private static void answerLikeAWebServer(ServerSocket web) {
		while (!web.isClosed()) {
			try (Socket client = web.accept()) {
				client.getOutputStream()
					.write("<!DOCTYPE html>\r\n<html></html>\r\n".getBytes(StandardCharsets.US_ASCII));
				client.getOutputStream().flush();
				client.getInputStream().read(new byte[1024]);
			}
			catch (IOException closed) {
				return;
			}
		}
	}

	private Cli.Result run(String redisUrl) {
		return Cli.run("run", "notify", "--jobs-dir", jobs.toString(), "--redis-url", redisUrl, "--data-dir",
				data.toString());
	}

	@Test
	void threadsIsAnOptionOfTheCommandsThatSweepOnly() {
		for (Cli.Result refused : List.of(Cli.in(dir, url(), "jobs", "--threads", "2"),
				Cli.in(dir, url(), "report", "--threads", "2"),
				Cli.in(dir, url(), "stop", "notify", "--threads", "2"))) {
			assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
			assertThat(refused.err().strip()).startsWith("keysweep: Unknown option")
				.contains("'--threads'")
				.doesNotContain("\n");
			assertThat(refused.out()).isEmpty();
		}
		assertRefused(Cli.in(dir, url(), "run", "notify", "--threads", "-1"), 2,
				"keysweep: --threads must not be negative");
		// schedule and demo take it too: they stop here at their own first check, not at
		// the option
		assertRefused(Cli.in(dir, url(), "schedule", "--threads", "2"), 2,
				"keysweep: no enabled job in " + jobs + " has a schedule");
		assertRefused(Cli.in(dir, url(), "demo", "--batches", "0", "--threads", "2"), 2,
				"keysweep: --batches must be at least 1");

		Cli.Result run = Cli.in(dir, url(), "run", "notify", "--threads", "2");
		assertThat(run.exitCode()).as(run.err()).isZero();
		assertThat(run.out()).contains("notify: COMPLETED (execution 1)").contains("expired 25");
		Cli.Result resume = Cli.in(dir, url(), "resume", "notify", "--threads", "2");
		assertThat(resume.exitCode()).as(resume.err()).isZero();
		assertThat(resume.out()).contains("Nothing to resume: execution 1 of job 'notify' (COMPLETED");
	}

	@Test
	void refusesSkipDoneWithinOutsideRunAllAndABadDuration() {
		assertRefused(Cli.in(dir, url(), "run", "notify", "--skip-done-within", "12h"), 2,
				"keysweep: --skip-done-within is for the workers of run --all");
		assertRefused(Cli.in(dir, url(), "run", "--all", "--skip-done-within", "12"), 2,
				"keysweep: --skip-done-within: '12' is not a duration");
	}

	private void assertRefused(Cli.Result result, int exitCode, String messageStart) {
		assertThat(result.exitCode()).as(result.err()).isEqualTo(exitCode);
		assertThat(result.err()).startsWith(messageStart);
		assertThat(result.err().strip().lines()).as("one line, no stack trace").hasSize(1);
		assertThat(result.out()).isEmpty();
		assertThat(snapshot()).isEqualTo(before);
	}

	private Jedis client() {
		Jedis jedis = redis.client();
		jedis.auth(PASSWORD);
		return jedis;
	}

	private Map<ByteBuffer, KeyState> snapshot() {
		try (Jedis jedis = client()) {
			return Keyspace.snapshot(jedis);
		}
	}

	private long jobRepositoryRows(String table) {
		if (!Files.exists(data.resolve("keysweep.mv.db"))) {
			return 0;
		}
		try (Connection connection = DriverManager
			.getConnection("jdbc:h2:file:" + data.toAbsolutePath().resolve("keysweep") + ";AUTO_SERVER=TRUE", "sa", "");
				ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
			rows.next();
			return rows.getLong(1);
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	/** Every parameter and context the job repository holds, as text. */
	private String jobRepositoryText() {
		StringBuilder text = new StringBuilder();
		try (Connection connection = DriverManager.getConnection(
				"jdbc:h2:file:" + data.toAbsolutePath().resolve("keysweep") + ";AUTO_SERVER=TRUE", "sa", "")) {
			for (String query : new String[] { "SELECT PARAMETER_VALUE FROM BATCH_JOB_EXECUTION_PARAMS",
					"SELECT SERIALIZED_CONTEXT FROM BATCH_STEP_EXECUTION_CONTEXT",
					"SELECT SERIALIZED_CONTEXT FROM BATCH_JOB_EXECUTION_CONTEXT" }) {
				try (ResultSet rows = connection.createStatement().executeQuery(query)) {
					while (rows.next()) {
						text.append(rows.getString(1)).append('\n');
					}
				}
			}
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
		return text.toString();
	}

}
