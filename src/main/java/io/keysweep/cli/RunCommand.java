package io.keysweep.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import io.keysweep.cli.EachTarget.Chore;
import io.keysweep.definition.Durations;
import io.keysweep.definition.InvalidDefinitionException;
import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.failure.OperatorException;
import io.keysweep.run.SweepRequest;
import io.keysweep.run.SweepRunner;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		description = "Run a sweep: give every leaked key of the job's pattern its expiry. Refuses "
				+ "while the job's latest execution is unfinished (resume it, or --restart-from-scratch). With --all, runs "
				+ "every enabled job, one after another, each resuming its unfinished execution first.")
final class RunCommand implements Callable<Integer> {

	@Parameters(paramLabel = "<job>", arity = "0..1",
			description = "The job: a file in the jobs directory, without .yml.")
	String job;

	@Option(names = "--all", description = "Run every enabled job in the jobs directory, one after another. A job "
			+ "whose latest execution is unfinished is resumed (unless its definition says resume: never, which "
			+ "starts it over). --rate, when given, holds each job's sweep to N keys per second instead of its "
			+ "definition's rate. Exit code: the worst of the jobs', 2 before 1 before 4 before 3 before 0.")
	boolean all;

	@Option(names = "--dry-run", description = "Write nothing to Redis; report what would be expired.")
	boolean dryRun;

	long limit;

	@Option(names = "--restart-from-scratch",
			description = "When the job's latest execution is unfinished, mark it abandoned and start a new sweep "
					+ "from cursor 0, instead of refusing.")
	boolean restartFromScratch;

	Duration skipDoneWithin;

	@Mixin
	CommonOptions common;

	@Mixin
	SweepCommandOptions sweep;

	@Spec
	CommandSpec spec;

	@Option(names = "--limit", paramLabel = "N",
			description = "Stop after N keys (default: the definition's limit, else none).")
	void setLimit(long limit) {
		OptionCheck.require(spec, limit >= 0, "--limit must not be negative");
		this.limit = limit;
	}

	@Option(names = "--skip-done-within", paramLabel = "DURATION",
			description = "With --all, as one of several workers sharing a job repository: a job completed on its "
					+ "Redis within DURATION (e.g. 12h) is not swept again, and a job another worker sweeps now is "
					+ "come back to after the others. Default: every job is swept.")
	void setSkipDoneWithin(String duration) {
		try {
			skipDoneWithin = Duration.ofSeconds(Durations.parseSeconds(duration));
		}
		catch (IllegalArgumentException e) {
			throw OptionCheck.refusal(spec, "--skip-done-within: " + e.getMessage());
		}
	}

	@Override
	public Integer call() throws Exception {
		if (skipDoneWithin != null && !all) {
			throw OptionCheck.refusal(spec, "--skip-done-within is for the workers of run --all");
		}
		if (all) {
			return runAll();
		}
		if (job == null) {
			throw OptionCheck.refusal(spec, "give a job, or --all");
		}
		sweep.output.check();
		JobDefinition definition = new JobDefinitions(common.jobsDir).load(job);
		try (ConfigurableApplicationContext context = KeysweepContext.open(common, sweep.threads);
				SignalTrap signals = SignalTrap.install(spec.commandLine().getErr())) {
			SweepRequest request = SweepRequest
				.of(definition, signals.stopRequest(), sweep.output.progress(context, definition))
				.withRate(sweep.rate.rate)
				.withDryRun(dryRun)
				.withLimit(limit)
				.withRestartFromScratch(restartFromScratch);
			return SweepOutcome.report(context.getBean(SweepRunner.class).run(request), definition, context, spec,
					common, sweep.output);
		}
	}

	/**
	 * Each job runs as its definition says, but for {@code --rate}, which holds every job
	 * to its rate as it does a job run alone; a job that cannot start does not keep the
	 * others from their turn.
	 */
	private int runAll() throws Exception {
		if (job != null || dryRun || limit != 0 || restartFromScratch) {
			throw OptionCheck.refusal(spec, "--all runs every enabled job as its definition says: give no job, "
					+ "--dry-run, --limit or --restart-from-scratch with it");
		}
		sweep.output.checkForSeveralJobs();
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		JobDefinitions definitions = new JobDefinitions(common.jobsDir);
		List<String> names = definitions.names();
		if (names.isEmpty()) {
			throw new OperatorException("no job definitions (*.yml) in " + common.jobsDir);
		}
		try (SignalTrap signals = SignalTrap.install(err)) {
			return EachTarget.sweep(common, sweep.threads, names, out, err, signals.stopRequest(),
					(context, jobs, later) -> runJobs(context, signals, definitions, jobs, later));
		}
	}

	private int runJobs(ConfigurableApplicationContext context, SignalTrap signals, JobDefinitions definitions,
			List<Chore> chores, Consumer<Chore> later) {
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		int worst = ExitCodes.COMPLETED;
		UnattendedSweep unattended = new UnattendedSweep(context, spec, common, sweep.output, signals.stopRequest(),
				sweep.rate.rate)
			.asFleetWorker(skipDoneWithin);
		for (Chore chore : chores) {
			JobDefinition definition;
			try {
				definition = definitions.load(chore.job());
			}
			catch (InvalidDefinitionException invalid) {
				out.println("== " + chore.label() + ": not run");
				Failures.print(err, invalid, common.verbose);
				out.println("== " + chore.label() + ": exit code " + Failures.exitCode(invalid));
				worst = ExitCodes.worst(worst, Failures.exitCode(invalid));
				continue;
			}
			if (!definition.enabled()) {
				out.println("== " + chore.label() + ": skipped (enabled: false)");
				continue;
			}
			List<String> masters = chore.masterSlots() == null ? unattended.mastersApart(definition) : List.of();
			for (Chore part : masters.isEmpty() ? List.of(chore)
					: masters.stream().map(slots -> new Chore(chore.job(), slots)).toList()) {
				worst = ExitCodes.worst(worst, runChore(unattended, definition, part, signals, later));
			}
		}
		return worst;
	}

	/** One job, or one master of a cluster, in its turn; returns its exit code. */
	private int runChore(UnattendedSweep unattended, JobDefinition definition, Chore chore, SignalTrap signals,
			Consumer<Chore> later) {
		PrintWriter out = spec.commandLine().getOut();
		if (signals.stopRequest().isRequested()) {
			out.println("== " + chore.label() + ": not started: keysweep was asked to stop");
			return ExitCodes.STOPPED;
		}
		out.println("== " + chore.label());
		out.flush();
		int code = unattended.run(definition, chore.masterSlots());
		if (code == UnattendedSweep.BUSY) {
			out.println("== " + chore.label() + ": another worker sweeps it now; back to it after the others");
			later.accept(chore);
			return ExitCodes.COMPLETED;
		}
		out.println("== " + chore.label() + ": exit code " + code);
		return code;
	}

}
