package io.keysweep.cli;

import java.util.concurrent.Callable;

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

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		spec.commandLine().usage(spec.commandLine().getErr());
		return ExitCodes.OPERATOR_ERROR;
	}

}
