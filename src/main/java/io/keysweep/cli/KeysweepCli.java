package io.keysweep.cli;

import java.io.PrintWriter;

import picocli.CommandLine;

/** The command line: parses, runs one command, and maps every outcome to an exit code. */
public final class KeysweepCli {

	private KeysweepCli() {
	}

	public static int execute(String... args) {
		return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
	}

	public static int execute(PrintWriter out, PrintWriter err, String... args) {
		CommandLine commandLine = KeysweepCommand.forArguments(args);
		commandLine.setOut(out);
		commandLine.setErr(err);
		// --format JSON and --log-format Json are what they say
		commandLine.setCaseInsensitiveEnumValuesAllowed(true);
		// one line, like every other error, not picocli's message followed by the whole
		// usage text
		commandLine.setParameterExceptionHandler((e, given) -> {
			CommandLine cmd = e.getCommandLine();
			String help = cmd.getParent() == null ? "keysweep --help lists the commands"
					: "keysweep help " + cmd.getCommandName() + " lists the options";
			// picocli's own messages say what is wrong; keysweep's also say what to give
			// instead
			String hint = e instanceof OptionCheck.Refusal ? "" : " (" + help + ")";
			cmd.getErr().println("keysweep: " + e.getMessage().replaceAll("\\s*\\R\\s*", " ").strip() + hint);
			cmd.getErr().flush();
			return ExitCodes.OPERATOR_ERROR;
		});
		commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
			Failures.print(cmd.getErr(), e, isVerbose(parsed));
			return Failures.exitCode(e);
		});
		return commandLine.execute(args);
	}

	private static boolean isVerbose(CommandLine.ParseResult parsed) {
		CommandLine.ParseResult sub = parsed;
		while (sub.hasSubcommand()) {
			sub = sub.subcommand();
		}
		return sub.hasMatchedOption("--verbose");
	}

}
