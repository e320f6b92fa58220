package io.keysweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.keysweep.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What picocli answers before any command runs: help, version, and options refused while
 * they are parsed.
 */
class CommandLineTest {

	private static final List<String> COMMANDS = List.of("run", "resume", "stop", "report", "jobs", "schedule", "demo");

	@TempDir
	Path dir;

	@Test
	void everyCommandTakesHelpAndTheShortH() {
		for (String command : COMMANDS) {
			for (String help : List.of("--help", "-h")) {
				Cli.Result result = Cli.run(command, help);
				assertThat(result.exitCode()).as(command + " " + help + ": " + result.err()).isZero();
				assertThat(result.out()).startsWith("Usage: keysweep " + command).contains("--redis-url");
				assertThat(result.err()).isEmpty();
			}
		}
		Cli.Result afterTheJob = Cli.run("run", "notify", "--help");
		assertThat(afterTheJob.exitCode()).isZero();
		assertThat(afterTheJob.out()).contains("--dry-run").contains("--rate=N");
	}

	@Test
	void versionIsTheBuildsOnEveryCommand() throws Exception {
		String built = projectVersion();
		for (List<String> args : List.of(List.of("--version"), List.of("-V"), List.of("run", "--version"))) {
			Cli.Result result = Cli.run(args.toArray(String[]::new));
			assertThat(result.exitCode()).as(String.join(" ", args)).isZero();
			assertThat(result.out().strip()).isEqualTo("keysweep " + built);
		}
	}

	@Test
	void completionOffersEveryCommandInBash() throws Exception {
		Cli.Result completion = Cli.run("completion");
		assertThat(completion.exitCode()).as(completion.err()).isZero();
		Path script = Files.writeString(dir.resolve("keysweep-completion.bash"), completion.out());

		// what bash offers after "keysweep <TAB>"
		Process bash = new ProcessBuilder("bash", "-c",
				"source \"$1\"; COMP_WORDS=(keysweep ''); COMP_CWORD=1; "
						+ "_complete_keysweep keysweep '' keysweep; echo \"${COMPREPLY[@]}\"",
				"bash", script.toString())
			.redirectErrorStream(true)
			.start();
		String offered = new String(bash.getInputStream().readAllBytes()).strip();
		assertThat(bash.waitFor()).as(offered).isZero();

		Set<String> commands = new CommandLine(new KeysweepCommand()).getSubcommands().keySet();
		assertThat(commands).containsAll(COMMANDS).contains("completion", "help");
		assertThat(offered.split(" ")).containsExactlyInAnyOrderElementsOf(commands);
	}

	@Test
	void aCommandBuiltAloneIsTheCommandOfTheWholeTree() {
		CommandLine tree = new CommandLine(new KeysweepCommand());
		for (var command : tree.getSubcommands().entrySet()) {
			String name = command.getKey();
			CommandLine built = KeysweepCommand.forArguments(name, "--help");
			if (List.of("help", "completion").contains(name)) {
				assertThat(built.getSubcommands()).as(name + " reads the whole tree")
					.hasSameSizeAs(tree.getSubcommands());
			}
			else {
				assertThat(built.getSubcommands()).as(name + " alone").containsOnlyKeys(name);
			}
			CommandLine alone = built.getSubcommands().get(name);
			assertThat(alone.getUsageMessage()).as(name).isEqualTo(command.getValue().getUsageMessage());
			assertThat(alone.getCommandSpec().qualifiedName()).isEqualTo("keysweep " + name);
		}
		assertThat(KeysweepCommand.forArguments("--version").getSubcommands()).isEmpty();
		for (List<String> whole : List.of(List.<String>of(), List.of("--help"), List.of("jbos"))) {
			assertThat(KeysweepCommand.forArguments(whole.toArray(String[]::new)).getSubcommands()).as("%s", whole)
				.hasSameSizeAs(tree.getSubcommands());
		}
	}

	@Test
	void formatsAreCheckedByPicocliInAnyCase() {
		Cli.Result json = Cli.run("report", "--format", "Jsn", "--data-dir", dir.resolve("data").toString());
		assertOneLineRefusal(json, "keysweep: Invalid value for option '--format': expected one of [TEXT, JSON, HTML] "
				+ "(case-insensitive) but was 'Jsn'");
		Cli.Result log = Cli.run("jobs", "--log-format", "yaml", "--data-dir", dir.resolve("data").toString());
		assertOneLineRefusal(log, "keysweep: Invalid value for option '--log-format': expected one of [text, json]");
		assertThat(dir.resolve("data")).as("refused before anything opened the job repository").doesNotExist();

		Cli.Result upperCase = Cli.run("jobs", "--log-format", "JSON", "--jobs-dir", dir.resolve("jobs").toString(),
				"--data-dir", dir.resolve("data").toString());
		assertThat(upperCase.exitCode()).as(upperCase.err()).isZero();
		assertThat(upperCase.out()).contains("No job definitions");
	}

	@Test
	void numbersOutOfRangeAreRefusedWhileParsing() {
		assertOneLineRefusal(Cli.run("report", "--last", "0"), "keysweep: --last must be at least 1");
		assertOneLineRefusal(Cli.run("run", "--progress-interval", "0", "notify"),
				"keysweep: --progress-interval must be at least 1 second");
		assertOneLineRefusal(Cli.run("resume", "notify", "--threads", "-2"),
				"keysweep: --threads must not be negative");
		assertOneLineRefusal(Cli.run("demo", "--batches", "-5"), "keysweep: --batches must be at least 1");
		assertOneLineRefusal(Cli.run("run", "notify", "--limit", "-1"), "keysweep: --limit must not be negative");
		assertOneLineRefusal(Cli.run("run", "--all", "--rate", "0"),
				"keysweep: --rate must be a number of keys per second above zero");
	}

	private static void assertOneLineRefusal(Cli.Result result, String start) {
		assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
		assertThat(result.err()).startsWith(start);
		assertThat(result.err().strip().lines()).as("one line").hasSize(1);
		assertThat(result.out()).isEmpty();
	}

	/**
	 * The version in pom.xml, which the build filters into the resource that --version
	 * reads.
	 */
	private static String projectVersion() throws Exception {
		Matcher version = Pattern.compile("<artifactId>keysweep</artifactId>\\s*<version>([^<]+)</version>")
			.matcher(Files.readString(Path.of("pom.xml")));
		assertThat(version.find()).isTrue();
		return version.group(1);
	}

}
