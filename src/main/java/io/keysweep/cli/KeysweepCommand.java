package io.keysweep.cli;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "keysweep", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		description = "Sweeps a Redis keyspace for keys without an expiry and gives them one, in restartable, "
				+ "pipelined chunks.",
		subcommands = { RunCommand.class, AuditCommand.class, ResumeCommand.class, StopCommand.class,
				ReportCommand.class, JobsCommand.class, ScheduleCommand.class, DemoCommand.class,
				CompletionCommand.class, HelpCommand.class })
final class KeysweepCommand implements Callable<Integer> {

	/** The version options, which need no command of the tree. */
	private static final List<String> VERSION = List.of("-V", "--version");

	/** The commands that read the whole tree: the help of the others, and completion. */
	private static final List<Class<?>> OF_THE_TREE = List.of(HelpCommand.class, CompletionCommand.class);

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		spec.commandLine().usage(spec.commandLine().getErr());
		return ExitCodes.OPERATOR_ERROR;
	}

	/**
	 * The command line for these arguments. picocli builds every command's model by
	 * reflection before it parses, which was a tenth of a second of CPU in each start of
	 * {@code jobs} or {@code report}; so a command that needs no other command of the
	 * tree (every one but {@code help} and {@code completion}) is built alone under a
	 * {@code keysweep} without the others, and {@code --version} under none. What it
	 * parses, prints and runs is the same: its name, options and help are its own.
	 * Anything else ({@code --help}, no arguments, an unknown command) gets the whole
	 * tree, whose help lists the commands.
	 */
	static CommandLine forArguments(String... args) {
		if (args.length == 0) {
			return new CommandLine(new KeysweepCommand());
		}
		if (VERSION.contains(args[0])) {
			return alone();
		}
		return Arrays.stream(KeysweepCommand.class.getAnnotation(Command.class).subcommands())
			.filter((command) -> !OF_THE_TREE.contains(command))
			.filter((command) -> command.getAnnotation(Command.class).name().equals(args[0]))
			.findFirst()
			.map((command) -> alone().addSubcommand(command))
			.orElseGet(() -> new CommandLine(new KeysweepCommand()));
	}

	/**
	 * {@code keysweep} with its standard options and no commands: its own {@code call()}
	 * is never reached, as a command or a version option always follows.
	 */
	private static CommandLine alone() {
		CommandSpec keysweep = CommandSpec.create().name("keysweep").mixinStandardHelpOptions(true);
		keysweep.versionProvider(new BuildVersion());
		return new CommandLine(keysweep);
	}

}
