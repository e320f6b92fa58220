package io.keysweep.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * One test's job repository: the H2 file of a data dir, or a PostgreSQL database, with
 * the options and environment that point keysweep at it and a connection to read what
 * keysweep recorded.
 *
 * @param url the JDBC URL; null for the default, H2 in the data dir
 * @param passwordFile the file keysweep reads the PostgreSQL password from; null for H2
 */
public record TestRepository(Path dataDir, String url, Path passwordFile) {

	public static TestRepository h2(Path dataDir) {
		return new TestRepository(dataDir, null, null);
	}

	/** Writes the test server's password to the file. */
	static TestRepository postgres(String url, Path passwordFile) {
		try {
			Files.createDirectories(passwordFile.getParent());
			Files.writeString(passwordFile, PostgresServer.PASSWORD + "\n");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return new TestRepository(null, url, passwordFile);
	}

	/** The options that name this repository, after --data-dir: none for H2. */
	public List<String> args() {
		return url == null ? List.of()
				: List.of("--job-repository", url, "--job-repository-password-file", passwordFile.toString());
	}

	/**
	 * The same options as the Spring properties they set, for an application started
	 * without the command line ({@link TestApp}).
	 */
	public String[] appProperties() {
		return url == null ? new String[0] : new String[] { "--keysweep.job-repository=" + url,
				"--keysweep.job-repository-password-file=" + passwordFile };
	}

	/** The same repository named by the environment, as a container would. */
	public Map<String, String> env() {
		return url == null ? Map.of()
				: Map.of("KEYSWEEP_JOB_REPOSITORY", url, "KEYSWEEP_JOB_REPOSITORY_PASSWORD", PostgresServer.PASSWORD);
	}

	public Connection connect() throws SQLException {
		return url == null ? DriverManager.getConnection(
				"jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("keysweep") + ";AUTO_SERVER=TRUE;IFEXISTS=TRUE",
				"sa", "") : PostgresServer.connect(url);
	}

}
