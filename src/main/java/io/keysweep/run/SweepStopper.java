package io.keysweep.run;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;

/**
 * Asks a sweep running in another process to stop. It writes STOPPING to the shared job
 * repository; the sweep reads its status back at every chunk commit, ends its step there
 * with the checkpoint saved, and is STOPPED.
 */
@Component
public class SweepStopper {

	private static final int ATTEMPTS = 3;

	private final JobOperator jobOperator;

	private final ExecutionHistory history;

	public SweepStopper(JobOperator jobOperator, ExecutionHistory history) {
		this.jobOperator = jobOperator;
		this.history = history;
	}

	/**
	 * @return the executions of the job that are now stopping; empty when none was
	 * running
	 */
	public List<JobExecution> stop(String job) {
		List<JobExecution> stopping = new ArrayList<>();
		for (JobExecution running : history.running(job)) {
			if (ask(running.getId())) {
				stopping.add(running);
			}
		}
		return stopping;
	}

	private boolean ask(long id) {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			JobExecution current = history.get(id);
			if (current.getStatus() == BatchStatus.STOPPING) {
				return true;
			}
			try {
				return jobOperator.stop(current);
			}
			catch (JobExecutionNotRunningException finishedMeanwhile) {
				return false;
			}
			catch (OptimisticLockingFailureException updatedMeanwhile) {
				// the sweep wrote its execution at the same moment: read it again and ask
				// again
			}
		}
		throw new IllegalStateException("execution " + id + " keeps changing; try again");
	}

}
