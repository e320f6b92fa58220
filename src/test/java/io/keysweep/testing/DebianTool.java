package io.keysweep.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A program from a Debian package that a test runs (promtool from {@code prometheus},
 * {@code prometheus-pushgateway}): on a developer's machine without the package the test
 * skips, saying what to install; in CI ({@code CI=true}), where .ci/run installs it, a
 * missing program fails the test instead, so that a broken install cannot pass unseen.
 */
public final class DebianTool {

	private DebianTool() {
	}

	/**
	 * @param program the program's name, looked for in /usr/bin first (Debian's, even
	 * when another is earlier on PATH), then on PATH
	 * @param debianPackage the package that installs it
	 */
	public static Path require(String program, String debianPackage) {
		List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin", program)));
		String path = System.getenv("PATH");
		if (path != null) {
			for (String dir : path.split(":")) {
				candidates.add(Path.of(dir, program));
			}
		}
		for (Path candidate : candidates) {
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		String missing = program + " is not installed (Debian package " + debianPackage + ")";
		if ("true".equals(System.getenv("CI"))) {
			fail(missing + ": .ci/run installs it in CI");
		}
		assumeTrue(false, missing + ": skipping");
		throw new AssertionError("unreachable");
	}

}
