package io.keysweep.testing;

import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Stops a sweep after so many chunks, as a stop request would: the step ends STOPPED with
 * its checkpoint.
 */
public final class StopAfterChunks implements StepExecutionListener, ChunkListener<Object, Object> {

	private final int chunks;

	private StepExecution stepExecution;

	private int done;

	public StopAfterChunks(int chunks) {
		this.chunks = chunks;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.stepExecution = stepExecution;
	}

	@Override
	public void afterChunk(Chunk<Object> chunk) {
		if (++done == chunks) {
			stepExecution.setTerminateOnly();
		}
	}

}
