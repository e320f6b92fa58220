package io.keysweep.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.keysweep.cli.CommandModel;
import io.keysweep.testing.Cli;
import io.keysweep.testing.SharedRedis;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keysweep command lines of the documentation cannot drift from the CLI. Those in
 * {@code ```sh} blocks are run, in the order each document gives them, in this JVM
 * against a Redis this test starts (emptied before each document), with the project's job
 * definitions and a data dir of the document's own; each must end with its documented
 * exit code. Every other command line (synopses, inline code, the deployment files) must
 * name only commands and options keysweep has, unless it is documented to end with an
 * error; {@code ```output} blocks show what keysweep printed and are not read.
 */
class DocCommandsTest {

	/** Where a run line's own Redis, jobs and data are replaced by the test's. */
	private static final Set<String> REPLACED = Set.of("--redis-url", "--jobs-dir", "--data-dir");

	@RegisterExtension
	static final SharedRedis redis = SharedRedis.serverOnly();

	@TempDir
	static Path dir;

	@TestFactory
	Stream<DynamicContainer> everyShellLineRunsAndEndsWithItsDocumentedExitCode() throws IOException {
		Path jobs = dir.resolve("jobs");
		FileSystemUtils.copyRecursively(Path.of("jobs"), jobs);
		List<DynamicContainer> documents = new ArrayList<>();
		for (Markdown doc : Documentation.all()) {
			List<KeysweepInvocation> lines = doc.blocks()
				.stream()
				.filter(block -> block.language().equals("sh"))
				.flatMap(block -> invocations(doc, block))
				.toList();
			if (lines.isEmpty()) {
				continue;
			}
			Path data = dir.resolve(doc.path().getFileName() + ".data");
			AtomicBoolean first = new AtomicBoolean(true);
			documents.add(DynamicContainer.dynamicContainer(doc.path().toString(),
					lines.stream().map(line -> DynamicTest.dynamicTest(line.toString(), () -> {
						if (first.getAndSet(false)) {
							redis.server().flushAll();
						}
						Cli.Result result = Cli.run(withTestPlaces(line.args(), jobs, data));
						assertThat(result.exitCode()).as(line + "\nprinted:\n" + result.out() + result.err())
							.isEqualTo(line.exitCode());
					}))));
		}
		assertThat(documents).as("documents with runnable command lines").isNotEmpty();
		return documents.stream();
	}

	@Test
	void everyOtherCommandLineNamesOnlyCommandsAndOptionsKeysweepHas() {
		List<KeysweepInvocation> lines = new ArrayList<>();
		for (Markdown doc : Documentation.all()) {
			doc.blocks()
				.stream()
				.filter(block -> !Set.of("sh", "output").contains(block.language()))
				.flatMap(block -> invocations(doc, block))
				.forEach(lines::add);
			for (Markdown.Located span : doc.codeSpans()) {
				if (span.text().startsWith("keysweep ") || span.text().startsWith("java ")) {
					lines.addAll(KeysweepInvocation.in(span.text(), doc.at(span.line())));
				}
			}
		}
		lines.addAll(deployFileInvocations());
		assertThat(lines).as("command lines outside sh blocks").hasSizeGreaterThan(10);
		List<String> problems = new ArrayList<>();
		for (KeysweepInvocation line : lines) {
			String problem = unknownName(line.args());
			// a line documented to end with an error may name what keysweep does not
			// have, on purpose
			if (problem != null && line.exitCode() == 0) {
				problems.add(line + ": " + problem);
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void everyOptionTheProseNamesIsAnOptionOfSomeCommand() {
		CommandLine root = CommandModel.commandLine();
		List<String> unknown = new ArrayList<>();
		for (Markdown doc : Documentation.all()) {
			for (Markdown.Located span : doc.codeSpans()) {
				String option = span.text().replaceFirst("[\\s=].*", "");
				if (option.startsWith("--")
						&& root.getSubcommands()
							.values()
							.stream()
							.noneMatch(command -> command.getCommandSpec().findOption(option) != null)
						&& root.getCommandSpec().findOption(option) == null) {
					unknown.add(doc.at(span.line()) + ": " + option);
				}
			}
		}
		assertThat(unknown).isEmpty();
	}

	/**
	 * The keysweep lines of the deployment files: the crontab line, the units'
	 * {@code ExecStart} (with the jar or the launcher) and the CronJob's {@code args}
	 * list. (The Dockerfile's training run is no keysweep command line: DockerfileTest
	 * checks it.)
	 */
	private static List<KeysweepInvocation> deployFileInvocations() {
		List<KeysweepInvocation> found = new ArrayList<>();
		for (Path file : Documentation.deployFiles()) {
			List<String> lines = readLines(file);
			for (int i = 0; i < lines.size(); i++) {
				String line = lines.get(i).strip();
				String where = file + ":" + (i + 1);
				if (line.startsWith("args:")) {
					found.add(new KeysweepInvocation(where,
							KeysweepInvocation.tokens(line.substring("args:".length()).replaceAll("[\\[\\],]", " ")),
							0));
				}
				else if (!line.startsWith("#") && (line.contains("-jar ") || line.contains("/bin/keysweep "))) {
					found.addAll(KeysweepInvocation.in(line.replaceFirst("^(ExecStart=|RUN )", ""), where));
				}
			}
		}
		assertThat(found).as("keysweep command lines in " + Documentation.DEPLOY).hasSizeGreaterThanOrEqualTo(4);
		return found;
	}

	private static Stream<KeysweepInvocation> invocations(Markdown doc, Markdown.Block block) {
		List<KeysweepInvocation> found = new ArrayList<>();
		for (int i = 0; i < block.lines().size(); i++) {
			found.addAll(KeysweepInvocation.in(block.lines().get(i), doc.at(block.firstLine() + i)));
		}
		return found.stream();
	}

	/**
	 * The line's arguments with its own Redis, jobs dir and data dir replaced by the
	 * test's.
	 */
	private static String[] withTestPlaces(List<String> args, Path jobs, Path data) {
		List<String> kept = new ArrayList<>();
		for (int i = 0; i < args.size(); i++) {
			String name = args.get(i).split("=")[0];
			if (!REPLACED.contains(name)) {
				kept.add(args.get(i));
			}
			else if (!args.get(i).contains("=")) {
				i++; // and its value
			}
		}
		kept.addAll(List.of("--redis-url", redis.url(), "--jobs-dir", jobs.toString(), "--data-dir", data.toString()));
		return kept.toArray(String[]::new);
	}

	/**
	 * The first command or option of a line that keysweep does not have, or null.
	 * Synopsis notation is allowed: {@code [--dry-run]}, {@code <job> | --execution ID},
	 * {@code text|json}.
	 */
	private static String unknownName(List<String> args) {
		CommandLine root = CommandModel.commandLine();
		CommandSpec command = null;
		for (String arg : args) {
			for (String token : arg.replaceAll("[\\[\\]]", " ").split("[\\s|]+")) {
				if (token.startsWith("-")) {
					String name = token.split("=")[0];
					CommandSpec spec = command == null ? root.getCommandSpec() : command;
					if (spec.findOption(name) == null) {
						return "'" + spec.qualifiedName() + "' has no option " + name;
					}
				}
				else if (command == null && !token.isEmpty() && !token.startsWith("<") && !token.equals("...")) {
					CommandLine sub = root.getSubcommands().get(token);
					if (sub == null) {
						return "no command " + token;
					}
					command = sub.getCommandSpec();
				}
			}
		}
		return null;
	}

	private static List<String> readLines(Path file) {
		try {
			return Files.readAllLines(file);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
