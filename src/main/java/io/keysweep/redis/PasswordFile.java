package io.keysweep.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.keysweep.failure.OperatorException;

/**
 * {@code --redis-password-file} and {@code --job-repository-password-file}: a password
 * read from a file, so that it is not in the process list as a password in a URL is, nor
 * in the environment of every child process. The file's first line is the password,
 * without its line break.
 */
public final class PasswordFile {

	private PasswordFile() {
	}

	/**
	 * The endpoint of the URL, logging in with the file's password.
	 * @throws OperatorException when the file cannot be read or is empty, or the URL
	 * carries a password too
	 */
	static RedisEndpoint endpoint(String url, String username, Path file) {
		String password = read(file, "--redis-password-file");
		RedisEndpoint endpoint = RedisEndpoint.parse(url, username, password);
		if (!password.equals(endpoint.password())) {
			throw new OperatorException("the Redis URL carries a password, and --redis-password-file " + file
					+ " gives one too: give it in one place, the file");
		}
		return endpoint;
	}

	/**
	 * The file's first line.
	 * @param option the option that named the file, for the message when it cannot be
	 * read or is empty
	 */
	public static String read(Path file, String option) {
		List<String> lines;
		try {
			lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			// the exception's message names the file only, never its content
			throw new OperatorException(option + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
		}
		if (lines.isEmpty() || lines.get(0).isEmpty()) {
			throw new OperatorException(option + ": " + file + " is empty; its first line is the password");
		}
		return lines.get(0);
	}

}
