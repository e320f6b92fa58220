package io.keysweep.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

import io.keysweep.failure.OperatorException;

/**
 * A run's figures in the Prometheus text format, for a textfile collector: written to a
 * temporary file beside the target and renamed over it, so that a scrape never reads half
 * a file.
 */
public final class MetricsFile {

	private MetricsFile() {
	}

	/**
	 * @throws OperatorException when the file's directory is missing or not writable:
	 * check it before a run
	 */
	public static void checkWritable(Path file) {
		Path dir = directory(file);
		if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
			throw new OperatorException("--metrics-file: cannot write in " + dir
					+ (Files.isDirectory(dir) ? " (not writable)" : " (no such directory)"));
		}
		if (Files.isDirectory(file)) {
			throw new OperatorException("--metrics-file: " + file + " is a directory");
		}
	}

	/**
	 * @param text the figures, as {@link RunMetrics#text} gives them
	 */
	public static void write(Path file, String text) throws IOException {
		Path dir = directory(file);
		// the temporary name does not end in .prom, so a collector reading *.prom never
		// picks it up; created without explicit permissions, it gets the mode the umask
		// leaves (0644 under the usual 022), where createTempFile would give 0600 and a
		// node_exporter running as another user could not read the file
		Path temp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
		try {
			Files.writeString(temp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
					StandardOpenOption.WRITE);
			try {
				Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException e) {
				throw new IOException("cannot replace " + file + " atomically: " + e.getMessage(), e);
			}
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	private static Path directory(Path file) {
		Path parent = file.toAbsolutePath().getParent();
		return parent == null ? Path.of(".") : parent;
	}

}
