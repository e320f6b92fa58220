package io.keysweep.tally;

import java.util.ArrayList;
import java.util.List;

import io.keysweep.classify.Verdict;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * The one place a sweep counts: the processor reports each verdict, the writer each outcome. Registered as a
 * stream of the step, so its figures are committed with the cursor and restored on restart.
 */
public final class SweepTally implements ItemStream {

    static final int SAMPLES_PER_CLASS = 5;
    static final int MEMORY_SAMPLES_PER_CLASS = 100;

    private SweepCounts counts = SweepCounts.from(new ExecutionContext());

    public void classified(byte[] key, Verdict verdict) {
        add(SweepCounts.SCANNED, 1);
        if (verdict.recognised()) {
            add(SweepCounts.MATCHING, 1);
        }
        counted(verdict.keyClass(), key);
    }

    /** One more key (or set member) of this class; the first few are kept as samples. */
    public void counted(String keyClass, byte[] key) {
        counts.classes().merge(keyClass, 1L, Long::sum);
        List<String> samples = counts.samples().computeIfAbsent(keyClass, c -> new ArrayList<>());
        if (samples.size() < SAMPLES_PER_CLASS) {
            samples.add(KeyText.escape(key));
        }
    }

    /** A key of a class that gets an expiry was measured; kept until the class has enough measurements. */
    public void sampledMemory(String keyClass, long bytes) {
        SweepCounts.MemorySample sample = counts.memory().getOrDefault(keyClass, new SweepCounts.MemorySample(0, 0));
        if (sample.keys() < MEMORY_SAMPLES_PER_CLASS) {
            counts.memory().put(keyClass, new SweepCounts.MemorySample(sample.keys() + 1, sample.bytes() + bytes));
        }
    }

    public void add(String total, long n) {
        counts.totals().merge(total, n, Long::sum);
    }

    public SweepCounts counts() {
        return counts;
    }

    @Override
    public void open(ExecutionContext executionContext) {
        counts = SweepCounts.from(executionContext);
    }

    @Override
    public void update(ExecutionContext executionContext) {
        counts.writeTo(executionContext);
    }
}
