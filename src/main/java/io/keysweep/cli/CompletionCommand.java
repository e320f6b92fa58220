package io.keysweep.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/**
 * {@code keysweep completion}: picocli's completion script, written from the same
 * annotations as the help and the man pages, so it cannot drift from the commands.
 * Declared here rather than as picocli's hidden {@code generate-completion}, so that help
 * and man page list it under a short name.
 */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		description = "Print the bash (and zsh) completion script of keysweep. In ~/.bashrc: "
				+ "source <(keysweep completion)")
final class CompletionCommand extends AutoComplete.GenerateCompletion {

}
