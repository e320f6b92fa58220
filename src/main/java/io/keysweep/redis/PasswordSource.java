package io.keysweep.redis;

import java.nio.file.Path;

import io.keysweep.failure.OperatorException;

/**
 * Where a targets file says a password is, never the password itself:
 * {@code password-file} or {@code password-env}, of a target and of its sentinels alike.
 */
interface PasswordSource {

	/** A file whose first line is the password, or null. */
	Path getPasswordFile();

	/** The environment variable that holds the password, or null. */
	String getPasswordEnv();

	/**
	 * The password from the file or the environment; null when neither is given.
	 * @param where the file and target, for messages
	 * @param prefix what the settings' names start with in the file: "" or "sentinel."
	 * @throws OperatorException when both are given, the file cannot be read or is empty,
	 * or the variable is not set
	 */
	default String password(String where, String prefix) {
		if (getPasswordFile() != null && getPasswordEnv() != null) {
			throw new OperatorException(
					where + ": give " + prefix + "password-file or " + prefix + "password-env, not both");
		}
		if (getPasswordFile() != null) {
			return PasswordFile.read(getPasswordFile(), where + ": " + prefix + "password-file");
		}
		if (getPasswordEnv() != null) {
			String password = System.getenv(getPasswordEnv());
			if (password == null || password.isEmpty()) {
				throw new OperatorException(
						where + ": " + prefix + "password-env names " + getPasswordEnv() + ", which is not set");
			}
			return password;
		}
		return null;
	}

}
