package io.keysweep.cli;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.failure.OperatorException;
import io.keysweep.metrics.MetricsEndpoint;
import io.keysweep.report.RunHistory;
import io.keysweep.report.RunRecord;
import io.keysweep.run.ExecutionHistory;
import io.keysweep.run.StopRequest;
import io.keysweep.schedule.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

	private Integer httpPort;

	@Option(names = "--http-port", paramLabel = "PORT",
			description = "Serve GET /metrics (each job's latest run in the Prometheus text format) and GET /health "
					+ "on PORT, on every interface. Default: no HTTP port.")
	void setHttpPort(int port) {
		OptionCheck.require(spec, port >= 1 && port <= 65535, "--http-port must be 1 to 65535");
		this.httpPort = port;
	}

	/**
	 * Starts the HTTP port with each job's latest run from the job repository, so that a
	 * restarted daemon serves last night's figures at once.
	 */
	private MetricsEndpoint serve(ConfigurableApplicationContext context, List<JobDefinition> jobs) throws IOException {
		MetricsEndpoint endpoint = MetricsEndpoint.start(httpPort, BuildVersion.number());
		ExecutionHistory executions = context.getBean(ExecutionHistory.class);
		RunHistory history = context.getBean(RunHistory.class);
		for (JobDefinition job : jobs) {
			executions.latest(job.name())
				.map(execution -> RunRecord.of(execution, null))
				.ifPresent(run -> endpoint.update(SweepOutputOptions.figures(run, history)));
		}
		output.serveAt(endpoint);
		log.info("serving /metrics and /health on port {}", httpPort);
		return endpoint;
	}

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
				SignalTrap signals = SignalTrap.install(spec.commandLine().getErr());
				MetricsEndpoint endpoint = httpPort == null ? null : serve(context, scheduled)) {
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
