package io.keysweep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/**
 * {@code promtool check metrics} from Debian's {@code prometheus}: the metrics files'
 * judge, shared by every test that writes one.
 */
public final class Promtool {

	private Promtool() {
	}

	/**
	 * promtool, or a skipped test on a machine without it (a failed one in CI), as
	 * {@link DebianTool} decides.
	 */
	public static Path require() {
		return DebianTool.require("promtool", "prometheus");
	}

	/** {@code promtool check metrics} finds nothing to complain about in the file. */
	public static void assertAccepts(Path promtool, Path file) throws Exception {
		Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(file.toFile())
			.redirectErrorStream(true)
			.start();
		String said = new String(check.getInputStream().readAllBytes());

		assertThat(check.waitFor()).as(said).isZero();
		assertThat(said).isBlank();
	}

}
