package io.keysweep.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import io.keysweep.failure.OperatorException;
import org.h2.api.ErrorCode;

/**
 * {@code --data-dir} and the job repository's H2 file in it, checked before H2 opens
 * them, and H2's failure to open them worded: which file, and what to do. None of these
 * is fixed by trying again the next night, so each is an {@link OperatorException}. H2
 * would create a new, empty repository over an empty file, losing the history and the
 * unfinished checkpoints it stood for: an empty file is refused.
 */
final class DataDirectory {

	/**
	 * The file H2 keeps the job repository in (run.JobRepositoryConfiguration names it
	 * keysweep).
	 */
	static final String REPOSITORY_FILE = "keysweep.mv.db";

	private DataDirectory() {
	}

	/**
	 * Creates the directory if missing; refuses one keysweep cannot keep its job
	 * repository in.
	 */
	static void prepare(Path dir) {
		if (Files.exists(dir) && !Files.isDirectory(dir)) {
			throw new OperatorException("--data-dir " + dir + " is a file, not a directory: give the directory "
					+ "keysweep keeps its job repository in");
		}
		try {
			Files.createDirectories(dir);
		}
		catch (IOException e) {
			throw new OperatorException("--data-dir " + dir + ": cannot create it (" + reason(e) + ")");
		}
		if (!Files.isWritable(dir)) {
			throw new OperatorException("--data-dir " + dir + " is not writable by this user: keysweep writes its "
					+ "job repository and checkpoints there");
		}
		Path repository = dir.resolve(REPOSITORY_FILE);
		if (Files.isRegularFile(repository) && size(repository) == 0) {
			throw new OperatorException("the job repository " + repository + " is empty (0 bytes): it lost the "
					+ "history and checkpoints it held, and keysweep will not start a new one over it. Restore it "
					+ "from a backup, or delete it to start with no history");
		}
	}

	/**
	 * H2's failure to open the repository, as an operator error naming the file, when it
	 * is one; else null.
	 */
	static OperatorException explain(Throwable failure, Path dir) {
		for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
			if (t instanceof SQLException sql && sql.getErrorCode() == ErrorCode.FILE_CORRUPTED_1) {
				return new OperatorException("the job repository " + dir.resolve(REPOSITORY_FILE) + " is corrupt ("
						+ firstLine(sql.getMessage()) + "): restore it from a backup, or move it away to start a "
						+ "new one, without the history and unfinished checkpoints it held", failure);
			}
		}
		return null;
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException e) {
			throw new OperatorException("cannot read the job repository " + file + " (" + reason(e) + ")");
		}
	}

	private static String reason(IOException e) {
		return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
	}

	private static String firstLine(String message) {
		return message == null ? "" : message.lines().findFirst().orElse("");
	}

}
