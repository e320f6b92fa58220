package io.keysweep.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.awaitility.Awaitility.await;

/**
 * The packaged keysweep jar running as a child process, as an operator or a scheduler
 * would start it, with its stdout and stderr in files. Closing it kills whatever is still
 * running.
 */
public final class KeysweepProcess implements AutoCloseable {

	/**
	 * Generous: a child must never hang a build, but a loaded machine starts JVMs slowly.
	 */
	private static final Duration EXIT_WITHIN = Duration.ofSeconds(120);

	private final Process process;

	private final Path out;

	private final Path err;

	private KeysweepProcess(Process process, Path out, Path err) {
		this.process = process;
		this.out = out;
		this.err = err;
	}

	/**
	 * @param systemProperties e.g. {@code keysweep.lock.lease=3s}
	 * @param args the command line after {@code java -jar keysweep.jar}
	 */
	public static KeysweepProcess start(Path logDir, List<String> systemProperties, String... args) {
		String jar = System.getProperty("keysweep.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException(
					"system property keysweep.jar must name the packaged jar (run with mvn verify)");
		}
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
						// a short-lived CLI: start fast, keep memory small on a shared
						// machine
						"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
		systemProperties.forEach(p -> command.add("-D" + p));
		command.addAll(List.of("-jar", jar));
		command.addAll(List.of(args));
		try {
			Files.createDirectories(logDir);
			Path out = Files.createTempFile(logDir, "keysweep", ".out");
			Path err = Files.createTempFile(logDir, "keysweep", ".err");
			Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
				.redirectError(err.toFile())
				.start();
			return new KeysweepProcess(process, out, err);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public long pid() {
		return process.pid();
	}

	public boolean isAlive() {
		return process.isAlive();
	}

	/** Sends a signal by name, e.g. TERM, STOP, CONT, as kill(1) does. */
	public void signal(String name) {
		try {
			int code = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start().waitFor();
			if (code != 0) {
				throw new IllegalStateException("kill -" + name + " " + pid() + " exited " + code);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** kill -9: no handler runs, nothing is cleaned up. */
	public void kill() {
		process.destroyForcibly();
		waitForExit();
	}

	public int waitForExit() {
		try {
			if (!process.waitFor(EXIT_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new AssertionError(
						"keysweep did not exit within " + EXIT_WITHIN + "; stdout:\n" + out() + "\nstderr:\n" + err());
			}
			return process.exitValue();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/**
	 * Waits until stdout or stderr contains the text, failing if the process exits first.
	 */
	public void awaitOutput(String text) {
		awaitUntil("printing '" + text + "'", () -> out().contains(text) || err().contains(text));
	}

	/** Waits until the condition holds, failing if the process exits first. */
	public void awaitUntil(String what, BooleanSupplier condition) {
		await().atMost(EXIT_WITHIN).pollInterval(Duration.ofMillis(20)).until(() -> {
			if (condition.getAsBoolean()) {
				return true;
			}
			if (!process.isAlive()) {
				throw new AssertionError("keysweep exited (" + process.exitValue() + ") before " + what + "; stdout:\n"
						+ out() + "\nstderr:\n" + err());
			}
			return false;
		});
	}

	public String out() {
		return read(out);
	}

	public String err() {
		return read(err);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public void close() {
		if (process.isAlive()) {
			process.destroyForcibly();
		}
	}

}
