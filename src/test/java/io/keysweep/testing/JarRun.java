package io.keysweep.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged keysweep.jar, or the launcher the build makes beside it, run as a child
 * process, as operators run it. Only for *IT tests (after package).
 */
public final class JarRun {

	private JarRun() {
	}

	public record Result(int exitCode, String out, String err) {
	}

	public static Path jar() {
		String jar = System.getProperty("keysweep.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("no keysweep.jar: run *IT tests with ./mvnw verify");
		}
		return Path.of(jar);
	}

	/** The build's fast start, {@code target/keysweep/bin/keysweep}. */
	public static Path launcher() {
		String launcher = System.getProperty("keysweep.launcher");
		if (launcher == null || !Files.isExecutable(Path.of(launcher))) {
			throw new IllegalStateException("no target/keysweep/bin/keysweep: run *IT tests with ./mvnw verify");
		}
		return Path.of(launcher);
	}

	/** {@code java -jar keysweep.jar}, with the java of the tests. */
	public static List<String> javaJar() {
		return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString());
	}

	/**
	 * Starts keysweep with the given environment added; stdout and stderr go to files
	 * under {@code logs}.
	 */
	public static Process start(Path logs, Map<String, String> env, String... args) throws IOException {
		return start(javaJar(), logs, env, args);
	}

	/**
	 * Starts keysweep the way {@code keysweep} says ({@link #javaJar()}, or the
	 * {@link #launcher()}).
	 */
	public static Process start(List<String> keysweep, Path logs, Map<String, String> env, String... args)
			throws IOException {
		List<String> command = new ArrayList<>(keysweep);
		command.addAll(List.of(args));
		Files.createDirectories(logs);
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(logs.resolve("out.txt").toFile())
			.redirectError(logs.resolve("err.txt").toFile());
		builder.environment()
			.keySet()
			.removeIf(k -> k.startsWith("REDIS_") || k.startsWith("SPRING_") || k.startsWith("KEYSWEEP_"));
		builder.environment().putAll(env);
		return builder.start();
	}

	public static Result run(Path logs, Map<String, String> env, String... args) throws Exception {
		return run(javaJar(), logs, env, args);
	}

	public static Result run(List<String> keysweep, Path logs, Map<String, String> env, String... args)
			throws Exception {
		Process process = start(keysweep, logs, env, args);
		if (!process.waitFor(2, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("keysweep did not finish in 2 minutes");
		}
		return new Result(process.exitValue(), Files.readString(logs.resolve("out.txt")),
				Files.readString(logs.resolve("err.txt")));
	}

}
