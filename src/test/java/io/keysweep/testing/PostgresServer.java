package io.keysweep.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server, started by the test suite from the Debian package's binaries
 * (/usr/lib/postgresql/N/bin) in a temp dir on a free port, once per test JVM and stopped
 * when it exits: never a PostgreSQL already running on this machine. PostgreSQL refuses
 * to run as root, so as root it runs as the package's user postgres. Each test gets its
 * own database from {@link #newDatabase()}.
 */
public final class PostgresServer {

	public static final String USER = "keysweep";

	/** The password of {@link #USER}: tests look for it where it must not be. */
	public static final String PASSWORD = "pg-s3cret-" + ProcessHandle.current().pid();

	private static final Path PACKAGE_DIR = Path.of("/usr/lib/postgresql");

	private static PostgresServer shared;

	private final Path dir;

	private final int port;

	private final Process process;

	private final AtomicInteger databases = new AtomicInteger();

	private PostgresServer(Path dir, int port, Process process) {
		this.dir = dir;
		this.port = port;
		this.process = process;
	}

	/**
	 * The server of this test JVM, started on first use. Without the binaries a test is
	 * skipped on a developer's machine, and fails in CI (CI=true), which must run it.
	 */
	public static synchronized PostgresServer shared() {
		if (shared == null) {
			Path bin = binaries().orElse(null);
			String missing = "no PostgreSQL binaries under " + PACKAGE_DIR + "/*/bin: install the Debian package "
					+ "postgresql (apt-get install postgresql) to run the PostgreSQL job repository tests";
			if (bin == null && "true".equals(System.getenv("CI"))) {
				throw new IllegalStateException(missing);
			}
			Assumptions.assumeTrue(bin != null, missing);
			shared = start(bin);
			Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
		}
		return shared;
	}

	/**
	 * A new, empty database, owned by {@link #USER}: its JDBC URL, without a password.
	 */
	public String newDatabase() {
		String name = "keysweep_" + databases.incrementAndGet();
		try (Connection connection = connect(url("postgres"))) {
			connection.createStatement().execute("create database " + name);
		}
		catch (SQLException e) {
			throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
		}
		return url(name);
	}

	/** The URL of a database, naming the user, never the password. */
	public String url(String database) {
		return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
	}

	public static Connection connect(String url) throws SQLException {
		return DriverManager.getConnection(url, USER, PASSWORD);
	}

	private static Optional<Path> binaries() {
		try (Stream<Path> versions = Files.list(PACKAGE_DIR)) {
			return versions.map(version -> version.resolve("bin"))
				.filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("postgres")))
				.max(Comparator.comparing(Path::toString));
		}
		catch (IOException e) {
			return Optional.empty();
		}
	}

	private static PostgresServer start(Path bin) {
		try {
			Path dir = Files.createTempDirectory("keysweep-postgres",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			Path passwordFile = dir.resolve("password");
			Files.writeString(passwordFile, PASSWORD + "\n");
			if (isRoot()) {
				run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
			}
			Path data = dir.resolve("data");
			run(asServerUser(bin.resolve("initdb").toString(), "--pgdata", data.toString(), "--username", USER,
					"--pwfile", passwordFile.toString(), "--auth", "scram-sha-256", "--encoding", "UTF8", "--no-sync"));
			int port = RedisServer.freePort();
			// fsync off: a test server, thrown away with the JVM
			Process process = new ProcessBuilder(asServerUser(bin.resolve("postgres").toString(), "-D", data.toString(),
					"-p", String.valueOf(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1", "-c",
					"fsync=off", "-c", "max_connections=200"))
				.redirectErrorStream(true)
				.redirectOutput(dir.resolve("postgres.log").toFile())
				.start();
			PostgresServer server = new PostgresServer(dir, port, process);
			server.awaitReady();
			return server;
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot start PostgreSQL from " + bin, e);
		}
	}

	private void awaitReady() throws IOException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		SQLException last = null;
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IOException("postgres exited: " + Files.readString(dir.resolve("postgres.log")));
			}
			try (Connection connection = connect(url("postgres"))) {
				return;
			}
			catch (SQLException notYet) {
				last = notYet;
				sleep(100);
			}
		}
		stop();
		throw new IOException("PostgreSQL did not answer on port " + port + ": " + last);
	}

	/**
	 * Fast shutdown (SIGINT): SIGTERM would wait for every client to disconnect.
	 */
	private void stop() {
		try {
			new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			try (Stream<Path> files = Files.walk(dir)) {
				files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
		}
		catch (IOException e) {
			// the JVM is exiting: a temp dir left behind is all that is lost
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The command as the package's user postgres when this JVM runs as root: setpriv
	 * execs it in place, so the process the test holds is the server itself.
	 */
	private static List<String> asServerUser(String... command) {
		List<String> full = new ArrayList<>();
		if (isRoot()) {
			full.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"));
		}
		full.addAll(List.of(command));
		return full;
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private static void run(List<String> command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			String output = new String(process.getInputStream().readAllBytes());
			if (process.waitFor() != 0) {
				throw new IOException(String.join(" ", command) + " failed: " + output);
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException(e);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

}
