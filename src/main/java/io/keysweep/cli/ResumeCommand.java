package io.keysweep.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.failure.OperatorException;
import io.keysweep.redis.RedisConnector;
import io.keysweep.run.ExecutionHistory;
import io.keysweep.run.TargetExecutions;
import io.keysweep.run.SweepRequest;
import io.keysweep.run.SweepRunner;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "resume", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		description = "Continue the job's latest unfinished execution (failed, stopped, or left "
				+ "running by a process that died) from its checkpoint, as a new execution of the same run.")
final class ResumeCommand implements Callable<Integer> {

	@Parameters(paramLabel = "<job>", arity = "0..1",
			description = "The job: a file in the jobs directory, without .yml. Optional with --execution.")
	String job;

	@Option(names = "--execution", paramLabel = "ID", description = "Resume the run this execution belongs to.")
	Long executionId;

	@Option(names = "--force", description = "Resume even though the job definition's settings changed since the "
			+ "execution started; it continues under the definition as it is now.")
	boolean force;

	@Mixin
	CommonOptions common;

	@Mixin
	SweepCommandOptions sweep;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() throws Exception {
		if (job == null && executionId == null) {
			throw OptionCheck.refusal(spec, "give a job, or --execution ID");
		}
		sweep.output.check();
		JobDefinitions definitions = new JobDefinitions(common.jobsDir);
		if (job != null) {
			definitions.load(job);
		}
		PrintWriter out = spec.commandLine().getOut();
		try (ConfigurableApplicationContext context = KeysweepContext.open(common, sweep.threads)) {
			Optional<JobExecution> latest = latest(context.getBean(ExecutionHistory.class),
					context.getBean(TargetExecutions.class));
			if (latest.isEmpty()) {
				out.println("Nothing to resume: job '" + job + "' has no executions against Redis at "
						+ context.getBean(RedisConnector.class).endpoint() + " in the job repository");
				return ExitCodes.COMPLETED;
			}
			JobExecution unfinished = latest.get();
			if (!ExecutionHistory.isUnfinished(unfinished)) {
				out.println("Nothing to resume: " + ExecutionHistory.describe(unfinished) + " is the latest.");
				return ExitCodes.COMPLETED;
			}
			JobDefinition definition = definitions.load(unfinished.getJobInstance().getJobName());
			try (SignalTrap signals = SignalTrap.install(spec.commandLine().getErr())) {
				SweepRequest request = SweepRequest
					.of(definition, signals.stopRequest(), sweep.output.progress(context, definition))
					.withRate(sweep.rate.rate)
					.withForce(force);
				return SweepOutcome.report(context.getBean(SweepRunner.class).resume(unfinished, request), definition,
						context, spec, common, sweep.output);
			}
		}
	}

	/** The latest execution of the job, or of the run that --execution belongs to. */
	private Optional<JobExecution> latest(ExecutionHistory history, TargetExecutions onTarget) {
		if (executionId == null) {
			return onTarget.latest(job);
		}
		JobExecution given = history.get(executionId);
		String itsJob = given.getJobInstance().getJobName();
		if (job != null && !job.equals(itsJob)) {
			throw new OperatorException(
					"execution " + executionId + " belongs to job '" + itsJob + "', not '" + job + "'");
		}
		return Optional.of(history.latestOfRun(given));
	}

}
