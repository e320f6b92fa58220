package io.keysweep.cli;

import picocli.CommandLine;

/**
 * keysweep's command tree as picocli builds it, for tests outside this package that check
 * names against it.
 */
public final class CommandModel {

	private CommandModel() {
	}

	public static CommandLine commandLine() {
		return new CommandLine(new KeysweepCommand());
	}

}
