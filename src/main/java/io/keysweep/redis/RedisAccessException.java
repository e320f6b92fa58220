package io.keysweep.redis;

/**
 * Redis could not be used: unreachable, refused the credentials, or answered with an
 * error. One line.
 */
public class RedisAccessException extends RuntimeException {

	private final boolean credentials;

	private final boolean passing;

	RedisAccessException(String message, boolean credentials, boolean passing, Throwable cause) {
		super(message, cause);
		this.credentials = credentials;
		this.passing = passing;
	}

	/**
	 * True when Redis was reached but refused the user or password: a configuration
	 * error.
	 */
	public boolean isCredentialProblem() {
		return credentials;
	}

	/**
	 * True when trying again may work: the connection broke or timed out, or the server
	 * is still loading its data after a restart.
	 */
	public boolean isTransient() {
		return passing;
	}

}
