package io.keysweep.run;

import io.keysweep.classify.Expiry;
import io.keysweep.classify.KeyFacts;
import io.keysweep.lock.Lease;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Ends the sweep step after the chunk in flight when this process was asked to stop or
 * lost its lock. The chunk's checkpoint is committed first; marking the step execution
 * terminate-only is what a stop from another process does too, so the step ends STOPPED
 * either way and a resume continues from that checkpoint.
 */
final class ChunkBoundaryStop implements StepExecutionListener, ChunkListener<KeyFacts, Expiry> {

	private final StopRequest stop;

	private final Lease lease;

	private StepExecution stepExecution;

	ChunkBoundaryStop(StopRequest stop, Lease lease) {
		this.stop = stop;
		this.lease = lease;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.stepExecution = stepExecution;
		check();
	}

	@Override
	public void afterChunk(Chunk<Expiry> chunk) {
		check();
	}

	private void check() {
		if (stop.isRequested() || lease.lost()) {
			stepExecution.setTerminateOnly();
		}
	}

}
