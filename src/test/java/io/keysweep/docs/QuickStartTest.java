package io.keysweep.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's quick start: the first thing a newcomer runs changes nothing in any Redis
 * of theirs, the test command is the one CI runs, and the page stays short enough to read
 * first.
 */
class QuickStartTest {

	private static final String TEST_COMMAND = "./mvnw -B verify";

	/** What a newcomer reads before the links: the reference belongs in src/docs. */
	private static final int README_MOST_LINES = 200;

	@Test
	void theReadmeStaysShort() {
		assertThat(Markdown.read(Documentation.README).lines()).as("README.md: move reference text to src/docs")
			.hasSizeLessThanOrEqualTo(README_MOST_LINES);
	}

	@Test
	void theFirstCommandIsTheDemoOnAThrowawayRedisOrADryRun() {
		List<KeysweepInvocation> first = KeysweepInvocation.in(String.join(" && ", quickStart().lines()),
				"quick start");
		assertThat(first).as("keysweep command lines in the quick start's first block").isNotEmpty();
		List<String> args = first.get(0).args();
		boolean demoOnItsOwnRedis = args.get(0).equals("demo")
				&& args.stream().noneMatch(a -> a.startsWith("--redis-url"));
		assertThat(demoOnItsOwnRedis || args.contains("--dry-run"))
			.as("harmless: `demo` on its throwaway Redis, or a --dry-run: " + first.get(0))
			.isTrue();
	}

	@Test
	void theQuickStartGivesTheTestCommandThatCiRuns() throws IOException {
		assertThat(quickStart().lines()).contains(TEST_COMMAND);
		assertThat(Files.readAllLines(Path.of(".ci/run"))).as(".ci/run").contains(TEST_COMMAND);
	}

	/** The first fenced block after the README's "Quick start" heading. */
	private static Markdown.Block quickStart() {
		Markdown readme = Markdown.read(Documentation.README);
		int heading = readme.prose()
			.stream()
			.filter(line -> line.text().equals("## Quick start"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("README.md has no '## Quick start'"))
			.line();
		return readme.blocks()
			.stream()
			.filter(block -> block.firstLine() > heading)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no command block after the quick start heading"));
	}

}
