package io.keysweep.failure;

/**
 * Something the operator has to fix or decide before keysweep can go on: a bad option,
 * job definition, file or credential, or a Redis that refuses for a reason the next
 * night's retry will not change. Nothing was changed. The CLI prints the message as one
 * line and exits with {@link #exitCode()}; every other exception is a failure that a
 * resume may get past (exit 1).
 */
public class OperatorException extends RuntimeException {

	/**
	 * The exit code of every operator error: scripts tell "fix something first" from "try
	 * again" by it.
	 */
	public static final int EXIT_CODE = 2;

	public OperatorException(String message) {
		super(message);
	}

	public OperatorException(String message, Throwable cause) {
		super(message, cause);
	}

	/** The process exit code this error ends keysweep with. */
	public int exitCode() {
		return EXIT_CODE;
	}

}
