package io.keysweep.tally;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.keysweep.classify.Verdict;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * The one place a sweep counts: the processor reports each verdict, the writer each
 * outcome. Registered as a stream of the step, so its figures are committed with the
 * cursor and restored on restart. Counts on the step's thread only; {@link #counts()} is
 * an immutable snapshot of them.
 */
public final class SweepTally implements ItemStream {

	static final int SAMPLES_PER_CLASS = 5;
	static final int MEMORY_SAMPLES_PER_CLASS = 100;

	private final Map<String, Long> totals = new TreeMap<>();

	private final Map<String, Long> classes = new TreeMap<>();

	private final Map<String, List<String>> samples = new TreeMap<>();

	private final Map<String, SweepCounts.MemorySample> memory = new TreeMap<>();

	public void classified(byte[] key, Verdict verdict) {
		add(SweepCounts.SCANNED, 1);
		if (verdict.recognised()) {
			add(SweepCounts.MATCHING, 1);
		}
		counted(verdict.keyClass(), key);
	}

	/** One more key (or set member) of this class; the first few are kept as samples. */
	public void counted(String keyClass, byte[] key) {
		classes.merge(keyClass, 1L, Long::sum);
		List<String> kept = samples.computeIfAbsent(keyClass, c -> new ArrayList<>());
		if (kept.size() < SAMPLES_PER_CLASS) {
			kept.add(KeyText.sample(key));
		}
	}

	/**
	 * More keys (or set members) of this class, known only by number: none becomes a
	 * sample.
	 */
	public void counted(String keyClass, long keys) {
		classes.merge(keyClass, keys, Long::sum);
	}

	/**
	 * A key of a class that gets an expiry was measured; kept until the class has enough
	 * measurements.
	 */
	public void sampledMemory(String keyClass, long bytes) {
		SweepCounts.MemorySample sample = memory.getOrDefault(keyClass, new SweepCounts.MemorySample(0, 0));
		if (sample.keys() < MEMORY_SAMPLES_PER_CLASS) {
			memory.put(keyClass, new SweepCounts.MemorySample(sample.keys() + 1, sample.bytes() + bytes));
		}
	}

	public void add(String total, long n) {
		totals.merge(total, n, Long::sum);
	}

	/** What the tally has counted so far, across restarts. */
	public SweepCounts counts() {
		return new SweepCounts(totals, classes, samples, memory);
	}

	@Override
	public void open(ExecutionContext executionContext) {
		SweepCounts restored = SweepCounts.from(executionContext);
		totals.clear();
		totals.putAll(restored.totals());
		totals.put(SweepCounts.SCANNED_BEFORE, restored.total(SweepCounts.SCANNED));
		classes.clear();
		classes.putAll(restored.classes());
		samples.clear();
		restored.samples().forEach((keyClass, keys) -> samples.put(keyClass, new ArrayList<>(keys)));
		memory.clear();
		memory.putAll(restored.memory());
	}

	@Override
	public void update(ExecutionContext executionContext) {
		counts().writeTo(executionContext);
	}

}
