package io.keysweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.keysweep.batch.LogContext;
import io.keysweep.definition.JobDefinition;
import io.keysweep.metrics.MetricsEndpoint;
import io.keysweep.metrics.MetricsFile;
import io.keysweep.metrics.OtlpExport;
import io.keysweep.metrics.Pushgateway;
import io.keysweep.metrics.RunMetrics;
import io.keysweep.progress.ProgressListener;
import io.keysweep.redis.RedisConnector;
import io.keysweep.report.RunHistory;
import io.keysweep.report.RunRecord;
import io.keysweep.report.RunSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What a command that runs a sweep shows while it runs and leaves behind: progress,
 * summary, metrics file, pushed or exported figures.
 */
final class SweepOutputOptions {

	private static final Logger log = LoggerFactory.getLogger(SweepOutputOptions.class);

	private static final String JOB_PLACEHOLDER = "{job}";

	@Spec(Spec.Target.MIXEE)
	CommandSpec spec;

	/** The environment variable that gives {@code --metrics-push} its default. */
	static final String METRICS_PUSH_ENV = "KEYSWEEP_METRICS_PUSH";

	long progressSeconds;

	@Option(names = "--metrics-push", paramLabel = "URL",
			description = "Push the run's figures to the Prometheus Pushgateway at URL (http[s]://host:port), "
					+ "replacing the job's and target's previous figures there. Default: env " + METRICS_PUSH_ENV
					+ ", which keeps credentials (http://user:password@host:port) out of the process list. A failed "
					+ "push is a warning; the run's exit code stays as it is.")
	String metricsPushUrl;

	private Pushgateway pushgateway;

	/** The daemon's /metrics, which serves each job's latest run; null elsewhere. */
	private MetricsEndpoint endpoint;

	@Option(names = "--metrics-file", paramLabel = "FILE",
			description = "Write the run's figures to FILE in the Prometheus text format (for a textfile "
					+ "collector), atomically: a temporary file renamed over FILE. {job} in FILE is replaced by the "
					+ "job's name; run --all and schedule need it.")
	Path metricsFile;

	@Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "10",
			description = "Log a progress line at most every SECONDS (on an interactive terminal a progress bar "
					+ "shows instead). Default: ${DEFAULT-VALUE}")
	void setProgressSeconds(long seconds) {
		OptionCheck.require(spec, seconds >= 1, "--progress-interval must be at least 1 second");
		this.progressSeconds = seconds;
	}

	/**
	 * Checks that the metrics file can be written and the push URL is one, before
	 * anything runs.
	 */
	void check() {
		if (metricsFile != null) {
			MetricsFile.checkWritable(metricsFile);
		}
		String push = metricsPushUrl != null ? metricsPushUrl : System.getenv(METRICS_PUSH_ENV);
		if (push != null && !push.isBlank()) {
			pushgateway = Pushgateway.at(push);
		}
	}

	/**
	 * Checks the options of a command that runs several jobs: each writes its own metrics
	 * file.
	 */
	void checkForSeveralJobs() {
		check();
		if (metricsFile != null && !metricsFile.getFileName().toString().contains(JOB_PLACEHOLDER)) {
			throw OptionCheck.refusal(spec,
					"--metrics-file: with several jobs, put " + JOB_PLACEHOLDER + " in the file name, e.g. keysweep-"
							+ JOB_PLACEHOLDER + ".prom, so that each job has its own file");
		}
	}

	ProgressListener progress(ConfigurableApplicationContext context, JobDefinition definition) {
		RedisConnector redis = context.getBean(RedisConnector.class);
		return ProgressListener.interactiveTerminal(System.console() != null, System.getenv())
				? ProgressListener.bar(redis, definition)
				: ProgressListener.logging(redis, definition, Duration.ofSeconds(progressSeconds));
	}

	/**
	 * Prints the run's summary (or logs it, with {@code --log-format json}, so that every
	 * line is JSON) and writes the metrics file.
	 */
	RunRecord publish(JobExecution execution, Long resumedFrom, ConfigurableApplicationContext context,
			CommonOptions common, PrintWriter out) throws Exception {
		RunRecord run = RunRecord.of(execution, resumedFrom);
		if (common.logFormat == LogFormat.json) {
			try (AutoCloseable logContext = LogContext.of(execution)) {
				log.info(RunSummary.summary(run));
			}
		}
		else {
			out.println(RunSummary.summary(run));
		}
		publishFigures(run, context);
		return run;
	}

	/**
	 * Writes the run's figures to the metrics file, pushes and exports them, and hands
	 * them to the daemon's /metrics, as far as each is asked for; an audit's figures
	 * include its top patterns.
	 */
	void publishFigures(RunRecord run, ConfigurableApplicationContext context) throws IOException {
		Optional<OtlpExport> otlp = otlp(context);
		if (metricsFile == null && pushgateway == null && endpoint == null && otlp.isEmpty()) {
			return;
		}
		RunMetrics.Figures figures = figures(run, context.getBean(RunHistory.class));
		if (endpoint != null) {
			endpoint.update(figures);
		}
		otlp.ifPresent(export -> export(export, figures));
		if (metricsFile == null && pushgateway == null) {
			return;
		}
		String metrics = RunMetrics.text(List.of(figures), BuildVersion.number());
		if (metricsFile != null) {
			try {
				MetricsFile.write(metricsFile(run.job()), metrics);
			}
			catch (IOException e) {
				throw new UncheckedIOException(
						"cannot write --metrics-file " + metricsFile(run.job()) + ": " + e.getMessage(), e);
			}
		}
		if (pushgateway != null) {
			push(run, metrics);
		}
	}

	/**
	 * A Pushgateway that is down must not turn a good night into a failed one: the
	 * figures are also in the job repository, and the missing push shows as a stale
	 * last-success time.
	 */
	private void push(RunRecord run, String metrics) {
		try {
			pushgateway.push(run.job(), RunMetrics.target(run), metrics);
			log.info("pushed the run's figures to {}", pushgateway.address());
		}
		catch (IOException e) {
			log.warn("cannot push the run's figures to {}: {}", pushgateway.address(), e.toString());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			log.warn("pushing the run's figures to {} was interrupted", pushgateway.address());
		}
	}

	/**
	 * Spring Boot's {@code management.otlp.metrics.export.*} properties (from the
	 * environment, application.properties, -D), checked as the application started.
	 */
	private static Optional<OtlpExport> otlp(ConfigurableApplicationContext context) {
		return Optional.ofNullable(context.getBeanProvider(OtlpExport.class).getIfAvailable());
	}

	/** As with the Pushgateway, a collector that is down never fails the run. */
	private static void export(OtlpExport otlp, RunMetrics.Figures figures) {
		try {
			otlp.export(figures, BuildVersion.number());
			log.info("exported the run's figures over OTLP to {}", otlp.address());
		}
		catch (IOException e) {
			log.warn("cannot export the run's figures over OTLP to {}: {}", otlp.address(), e.getMessage());
		}
	}

	/** The daemon serves each run's figures at this endpoint as well. */
	void serveAt(MetricsEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	static RunMetrics.Figures figures(RunRecord run, RunHistory history) {
		Long lastSuccess = history.lastSuccess(run.job(), RunMetrics.target(run))
			.map(RunRecord::endedAt)
			.map(RunMetrics::epochSeconds)
			.orElse(null);
		return new RunMetrics.Figures(run, lastSuccess, history.audit(run).orElse(null));
	}

	private Path metricsFile(String job) {
		return metricsFile.resolveSibling(metricsFile.getFileName().toString().replace(JOB_PLACEHOLDER, job));
	}

}
