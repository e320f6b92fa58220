package io.keysweep.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import io.keysweep.run.ExecutionHistory;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		description = "Ask the job's running sweep (in another process, sharing the data dir) to "
				+ "stop at its next chunk boundary. It ends STOPPED, exits 4, and 'keysweep resume <job>' continues it.")
final class StopCommand implements Callable<Integer> {

	@Parameters(paramLabel = "<job>", description = "The job whose sweep to stop.")
	String job;

	@Mixin
	CommonOptions common;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() throws Exception {
		PrintWriter out = spec.commandLine().getOut();
		try (RepositoryViews repository = KeysweepContext.repositoryOfTarget(common)) {
			List<JobExecution> stopping = repository.stopper().stop(job);
			if (stopping.isEmpty()) {
				out.println("No execution of job '" + job + "' is running.");
			}
			for (JobExecution execution : stopping) {
				out.println("Asked " + ExecutionHistory.describe(execution) + " to stop at its next chunk boundary.");
			}
			return ExitCodes.COMPLETED;
		}
	}

}
