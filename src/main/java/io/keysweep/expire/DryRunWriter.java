package io.keysweep.expire;

import io.keysweep.classify.Expiry;
import io.keysweep.tally.SweepCounts;
import io.keysweep.tally.SweepTally;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/** Writes nothing to Redis; counts what {@link ExpiryWriter} would have sent. */
public class DryRunWriter implements ItemWriter<Expiry> {

    private final SweepTally tally;

    public DryRunWriter(SweepTally tally) {
        this.tally = tally;
    }

    @Override
    public void write(Chunk<? extends Expiry> chunk) {
        tally.add(SweepCounts.WOULD_EXPIRE, chunk.size());
    }
}
