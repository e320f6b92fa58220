package io.keysweep.expire;

import io.keysweep.tally.SweepTally;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Writes nothing to Redis; counts what the real writer would have sent under the given
 * total.
 */
public class DryRunWriter<T> implements ItemWriter<T> {

	private final SweepTally tally;

	private final String total;

	/**
	 * @param total e.g. {@link io.keysweep.tally.SweepCounts#WOULD_EXPIRE}
	 */
	public DryRunWriter(SweepTally tally, String total) {
		this.tally = tally;
		this.total = total;
	}

	@Override
	public void write(Chunk<? extends T> chunk) {
		tally.add(total, chunk.size());
	}

}
