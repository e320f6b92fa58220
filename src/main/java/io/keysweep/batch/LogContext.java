package io.keysweep.batch;

import java.util.Map;

import org.slf4j.MDC;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.core.task.TaskDecorator;

/**
 * Puts the job name and execution id into the logging context while a sweep runs, so that
 * every log line of the run carries them (as fields of each line with
 * {@code --log-format json}). With a targets file, the target's name is in the context
 * too, for everything done on that target: each text line starts with {@code [name]} (see
 * {@code logging.pattern.console}), since the targets of {@code schedule} run side by
 * side and their lines interleave.
 */
public final class LogContext implements JobExecutionListener {

	public static final String JOB = "job";

	public static final String EXECUTION = "execution";

	public static final String TARGET = "target";

	/** The same context around a caller's own log lines about a run, until closed. */
	public static AutoCloseable of(JobExecution execution) {
		put(execution);
		return LogContext::clear;
	}

	/**
	 * The target's name in the context of this thread's log lines, until closed.
	 * @param target the name of a target of the targets file
	 */
	public static MDC.MDCCloseable onTarget(String target) {
		return MDC.putCloseable(TARGET, target);
	}

	/**
	 * Gives a task the context of the thread that hands it over: a cluster's masters are
	 * swept on threads of their own, and their lines belong to the same run and target.
	 */
	static TaskDecorator handedOver() {
		return task -> {
			Map<String, String> context = MDC.getCopyOfContextMap();
			return () -> {
				if (context != null) {
					MDC.setContextMap(context);
				}
				try {
					task.run();
				}
				finally {
					MDC.clear();
				}
			};
		};
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		put(jobExecution);
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		clear();
	}

	private static void put(JobExecution execution) {
		MDC.put(JOB, execution.getJobInstance().getJobName());
		MDC.put(EXECUTION, String.valueOf(execution.getId()));
	}

	private static void clear() {
		MDC.remove(JOB);
		MDC.remove(EXECUTION);
	}

}
