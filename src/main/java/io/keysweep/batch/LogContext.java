package io.keysweep.batch;

import org.slf4j.MDC;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Puts the job name and execution id into the logging context while a sweep runs, so that
 * every log line of the run carries them (as fields of each line with
 * {@code --log-format json}).
 */
public final class LogContext implements JobExecutionListener {

	public static final String JOB = "job";

	public static final String EXECUTION = "execution";

	/** The same context around a caller's own log lines about a run, until closed. */
	public static AutoCloseable of(JobExecution execution) {
		put(execution);
		return LogContext::clear;
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
