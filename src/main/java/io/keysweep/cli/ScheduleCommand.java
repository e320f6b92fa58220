package io.keysweep.cli;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.failure.OperatorException;
import io.keysweep.run.ExecutionHistory;
import io.keysweep.run.StopRequest;
import io.keysweep.schedule.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "schedule", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		description = "Run as a daemon: every enabled job with a schedule runs at its fire "
				+ "times, one job at a time, its unfinished execution resumed first. SIGTERM stops the running sweep at a "
				+ "chunk boundary, with its checkpoint saved, and exits 0.")
final class ScheduleCommand implements Callable<Integer> {

	private static final Logger log = LoggerFactory.getLogger(ScheduleCommand.class);

	@Mixin
	CommonOptions common;

	@Mixin
	ThreadsOption threads;

	@Mixin
	SweepOutputOptions output;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() throws Exception {
		output.checkForSeveralJobs();
		// every file is read now: a daemon that starts must not find a broken definition
		// at 03:00
		JobDefinitions definitions = new JobDefinitions(common.jobsDir);
		List<JobDefinition> scheduled = definitions.names()
			.stream()
			.map(definitions::load)
			.filter(d -> d.enabled() && d.schedule() != null)
			.toList();
		if (scheduled.isEmpty()) {
			throw new OperatorException("no enabled job in " + common.jobsDir + " has a schedule: add "
					+ "schedule: \"0 0 3 * * *\" to a definition");
		}
		try (ConfigurableApplicationContext context = KeysweepContext.open(common, threads);
				SignalTrap signals = SignalTrap.install(spec.commandLine().getErr())) {
			StopRequest stop = signals.stopRequest();
			Clock clock = Clock.systemUTC();
			Scheduler scheduler = new Scheduler(scheduled, clock, Scheduler.sleeping(clock, stop), stop,
					context.getBean(ExecutionHistory.class));
			scheduler.run(new UnattendedSweep(context, spec, common, output, stop, null)::run);
			log.info("stopped as asked");
			return ExitCodes.COMPLETED;
		}
	}

}
