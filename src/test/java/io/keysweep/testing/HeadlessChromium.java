package io.keysweep.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium, to render the HTML report as a reader's browser would. CI installs
 * it (.ci/run), so there a missing Chromium fails the test; elsewhere the test skips.
 */
public final class HeadlessChromium {

	private final String binary;

	private final Path dir;

	private HeadlessChromium(String binary, Path dir) {
		this.binary = binary;
		this.dir = dir;
	}

	/**
	 * The installed Chromium, working in {@code dir}; skips the calling test without one,
	 * fails it in CI.
	 */
	public static HeadlessChromium required(Path dir) {
		String binary = installed();
		String missing = "chromium is not installed (Debian package chromium): the HTML report cannot be rendered";
		if (binary == null && "true".equals(System.getenv("CI"))) {
			throw new AssertionError(missing + ", and CI installs it");
		}
		assumeTrue(binary != null, missing + ": skipping");
		return new HeadlessChromium(binary, dir);
	}

	private static String installed() {
		for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
			if (Files.isExecutable(Path.of(candidate))) {
				return candidate;
			}
		}
		return null;
	}

	/**
	 * Runs headless Chromium with a fresh profile and no network use of its own; its
	 * output goes to {@code stdout}.
	 */
	public void run(Path stdout, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-background-networking", "--no-first-run", "--hide-scrollbars",
				"--user-data-dir=" + Files.createTempDirectory(dir, "chromium")));
		command.addAll(List.of(args));
		Path log = dir.resolve("chromium.log");
		Process process = new ProcessBuilder(command).redirectError(log.toFile())
			.redirectOutput(stdout.toFile())
			.start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("chromium did not finish within 60 s");
		}
		assertThat(process.exitValue()).as(Files.readString(log)).isZero();
	}

}
