package io.keysweep.cli;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.keysweep.batch.LogContext;
import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.failure.OperatorException;
import io.keysweep.metrics.MetricsEndpoint;
import io.keysweep.redis.RedisTargets.Target;
import io.keysweep.report.RunHistory;
import io.keysweep.report.RunRecord;
import io.keysweep.run.TargetExecutions;
import io.keysweep.run.StopRequest;
import io.keysweep.schedule.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "schedule", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		description = "Run as a daemon: every enabled job with a schedule runs at its fire "
				+ "times, one job at a time, its unfinished execution resumed first; with --targets, each target's jobs on it, the "
				+ "targets side by side. SIGTERM stops the running sweep at a "
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
			description = "Serve GET /metrics (each job's latest run, on each target with --targets, in the "
					+ "Prometheus text format) and GET /health on PORT, on every interface. Default: no HTTP port.")
	void setHttpPort(int port) {
		OptionCheck.require(spec, port >= 1 && port <= 65535, "--http-port must be 1 to 65535");
		this.httpPort = port;
	}

	/**
	 * Starts the HTTP port with each job's latest run on each Redis from the job
	 * repository, so that a restarted daemon serves last night's figures at once; one
	 * port for all the targets, as one Prometheus scrape target.
	 * @param jobs the jobs of each Redis's application
	 */
	private MetricsEndpoint serve(Map<ConfigurableApplicationContext, List<JobDefinition>> jobs) throws IOException {
		MetricsEndpoint endpoint = MetricsEndpoint.start(httpPort, BuildVersion.number());
		jobs.forEach((context, ofRedis) -> {
			TargetExecutions executions = context.getBean(TargetExecutions.class);
			RunHistory history = context.getBean(RunHistory.class);
			for (JobDefinition job : ofRedis) {
				executions.latest(job.name())
					.map(execution -> RunRecord.of(execution, null))
					.ifPresent(run -> endpoint.update(SweepOutputOptions.figures(run, history)));
			}
		});
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
		if (common.targets != null || common.target != null) {
			return scheduleTargets(scheduled, definitions.names());
		}
		try (ConfigurableApplicationContext context = KeysweepContext.open(common, threads);
				SignalTrap signals = SignalTrap.install(spec.commandLine().getErr());
				MetricsEndpoint endpoint = httpPort == null ? null : serve(Map.of(context, scheduled))) {
			schedule(context, scheduled, signals.stopRequest());
			log.info("stopped as asked");
			return ExitCodes.COMPLETED;
		}
	}

	/**
	 * One daemon loop per target of the targets file, each on its own thread with an
	 * application of its own: each target runs its jobs one at a time, and a target whose
	 * run is long does not hold the others' fire times back.
	 */
	private int scheduleTargets(List<JobDefinition> scheduled, List<String> names)
			throws InterruptedException, IOException {
		List<Target> targets = EachTarget.chosen(TargetsFile.read(common), common.target, names);
		List<ConfigurableApplicationContext> contexts = new ArrayList<>();
		try (SignalTrap signals = SignalTrap.install(spec.commandLine().getErr())) {
			// one after another: the first creates the job repository's tables
			Map<ConfigurableApplicationContext, List<JobDefinition>> jobs = new LinkedHashMap<>();
			for (Target target : targets) {
				contexts.add(KeysweepContext.open(common, threads, target.name()));
				jobs.put(contexts.get(contexts.size() - 1),
						scheduled.stream().filter(job -> target.runs(job.name())).toList());
			}
			try (MetricsEndpoint endpoint = httpPort == null ? null : serve(jobs)) {
				loop(targets, jobs, signals.stopRequest());
			}
			log.info("stopped as asked");
			return ExitCodes.COMPLETED;
		}
		finally {
			contexts.forEach(ConfigurableApplicationContext::close);
		}
	}

	/**
	 * Runs each target's loop on a thread of its own, with the target's name in the
	 * context of every log line, until every loop has ended.
	 * @param jobs each target's application and jobs, in the targets' order
	 */
	private void loop(List<Target> targets, Map<ConfigurableApplicationContext, List<JobDefinition>> jobs,
			StopRequest stop) throws InterruptedException {
		List<Thread> loops = new ArrayList<>();
		Iterator<Map.Entry<ConfigurableApplicationContext, List<JobDefinition>>> ofTarget = jobs.entrySet().iterator();
		for (Target target : targets) {
			Map.Entry<ConfigurableApplicationContext, List<JobDefinition>> application = ofTarget.next();
			Thread loop = new Thread(() -> {
				try (MDC.MDCCloseable logContext = LogContext.onTarget(target.name())) {
					schedule(application.getKey(), application.getValue(), stop);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}, "schedule-" + target.name());
			loop.start();
			loops.add(loop);
		}
		for (Thread loop : loops) {
			loop.join();
		}
	}

	private void schedule(ConfigurableApplicationContext context, List<JobDefinition> jobs, StopRequest stop)
			throws InterruptedException {
		Clock clock = Clock.systemUTC();
		new Scheduler(jobs, clock, Scheduler.sleeping(clock, stop), stop, context.getBean(TargetExecutions.class))
			.run(new UnattendedSweep(context, spec, common, output, stop, null)::run);
	}

}
