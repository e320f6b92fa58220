package io.keysweep.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import io.keysweep.failure.OperatorException;
import io.keysweep.redis.RedisAccessException;

/**
 * Turns what went wrong into one line on stderr and an exit code; a stack trace only with
 * --verbose.
 */
final class Failures {

	/** Failures keysweep words itself; anything else is reported by its root cause. */
	private static final List<Class<? extends Throwable>> KNOWN = List.of(RedisAccessException.class,
			OperatorException.class);

	/** What the OS says, and H2 repeats, when the disk of the job repository is full. */
	private static final String DISK_FULL = "No space left on device";

	private Failures() {
	}

	static int exitCode(Throwable e) {
		Throwable known = known(e);
		if (known instanceof RedisAccessException redis) {
			return redis.isCredentialProblem() ? ExitCodes.OPERATOR_ERROR : ExitCodes.FAILED;
		}
		// anything else, a bug or a corrupt checkpoint included, is what it is: a failure
		// a resume may get past
		return known instanceof OperatorException operator ? operator.exitCode() : ExitCodes.FAILED;
	}

	static void print(PrintWriter err, Throwable e, boolean verbose) {
		err.println("keysweep: " + message(e));
		if (verbose) {
			e.printStackTrace(err);
		}
		err.flush();
	}

	private static String message(Throwable e) {
		Throwable known = known(e);
		if (!(known instanceof OperatorException) && known.getMessage() != null
				&& known.getMessage().contains(DISK_FULL)) {
			return "no space left on the device: " + firstLine(sqlMessage(e).orElse(known.getMessage()))
					+ "; once there is space, 'keysweep resume' continues from the last saved checkpoint";
		}
		return known.getMessage() == null ? known.getClass().getSimpleName() : known.getMessage();
	}

	/**
	 * What H2 said about the failure: it names the file it was writing, where the OS's
	 * message names none.
	 */
	private static Optional<String> sqlMessage(Throwable e) {
		for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
			if (t instanceof SQLException && t.getMessage() != null) {
				return Optional.of(t.getMessage());
			}
		}
		return Optional.empty();
	}

	private static String firstLine(String text) {
		return text.lines().findFirst().orElse(text);
	}

	private static boolean isOneOf(Throwable e, List<Class<? extends Throwable>> types) {
		return types.stream().anyMatch(type -> type.isInstance(e));
	}

	/**
	 * The exception that says what went wrong in keysweep's words, under any wrapping by
	 * Spring.
	 */
	private static Throwable known(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (isOneOf(t, KNOWN)) {
				return t;
			}
			if (t.getCause() == t) {
				break;
			}
		}
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root;
	}

}
