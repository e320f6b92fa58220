package io.keysweep.run;

import org.springframework.batch.core.job.JobExecution;

/**
 * How a sweep that started ended, in keysweep's terms rather than Spring Batch's
 * statuses, with the execution that the reports read.
 *
 * @param execution the execution this sweep was
 * @param resumedFrom the execution it continued, or null for a new run
 * @param alreadyDone true when no sweep was started: the execution is the job's completed
 * run on this Redis within the request's {@code doneWithin}
 */
public record SweepResult(JobExecution execution, Long resumedFrom, boolean alreadyDone) {

	public SweepResult(JobExecution execution, Long resumedFrom) {
		this(execution, resumedFrom, false);
	}

	/** How a sweep can end. */
	public enum Ending {

		/** Every key was looked at. */
		COMPLETED,
		/**
		 * Asked to stop, or lost its lock: ended at a chunk boundary with its checkpoint
		 * saved.
		 */
		STOPPED,
		/** Something went wrong; the checkpoint of the last committed chunk stands. */
		FAILED

	}

	public Ending ending() {
		return switch (execution.getStatus()) {
			case COMPLETED -> Ending.COMPLETED;
			case STOPPED -> Ending.STOPPED;
			default -> Ending.FAILED;
		};
	}

	/** What made a failed sweep fail, when Spring Batch kept it; else null. */
	public Throwable failure() {
		return execution.getAllFailureExceptions().stream().findFirst().orElse(null);
	}
}
