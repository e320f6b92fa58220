package io.keysweep.cli;

import java.util.List;

import io.keysweep.failure.OperatorException;

/** keysweep's exit codes: scripts and schedulers act on them. */
final class ExitCodes {

	static final int COMPLETED = 0;
	static final int FAILED = 1;

	/**
	 * Something the operator has to fix or decide first: an {@link OperatorException}, or
	 * a bad option.
	 */
	static final int OPERATOR_ERROR = OperatorException.EXIT_CODE;

	/** The run completed, and crossed an alert threshold of its job definition. */
	static final int ALERT = 3;
	static final int STOPPED = 4;

	/**
	 * Worst first, for {@code run --all}: what needs a person most. A job that could not
	 * start (bad definition, refused, held elsewhere) will not fix itself by the next
	 * night; a failed sweep kept its checkpoint and may have met a passing outage; a
	 * stopped one is resumed next time; an alert is a completed sweep worth a look.
	 */
	private static final List<Integer> PRECEDENCE = List.of(OPERATOR_ERROR, FAILED, STOPPED, ALERT, COMPLETED);

	private ExitCodes() {
	}

	/** The worse of two exit codes by {@link #PRECEDENCE}. */
	static int worst(int a, int b) {
		return PRECEDENCE.indexOf(a) <= PRECEDENCE.indexOf(b) ? a : b;
	}

}
