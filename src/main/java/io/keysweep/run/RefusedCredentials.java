package io.keysweep.run;

import java.sql.SQLException;

import io.keysweep.failure.OperatorException;

/**
 * The job repository's database refusing keysweep's user or password (SQLSTATE class 28,
 * invalid authorization): refused again tomorrow, so an operator error, not a failure a
 * retry gets past.
 */
public final class RefusedCredentials {

	private RefusedCredentials() {
	}

	/** The refusal under any wrapping, worded; null when the failure is another. */
	public static OperatorException explain(Throwable failure) {
		for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
			if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("28")) {
				return new OperatorException("the job repository refused the credentials ("
						+ String.valueOf(sql.getMessage()).lines().findFirst().orElse("")
						+ "): check env KEYSWEEP_JOB_REPOSITORY_USER and the password", failure);
			}
		}
		return null;
	}

}
