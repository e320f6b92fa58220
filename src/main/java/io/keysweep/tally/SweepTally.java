package io.keysweep.tally;

import java.util.ArrayList;
import java.util.HashMap;
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
 *
 * <p>
 * Every key is counted three or four times, so the counts are mutable cells in hash maps,
 * found by a name whose hash the string keeps: no boxed number per key and no sorted map
 * walked per key. They are sorted once per chunk, in {@link #counts()}.
 */
public final class SweepTally implements ItemStream {

	static final int SAMPLES_PER_CLASS = 5;
	static final int MEMORY_SAMPLES_PER_CLASS = 100;

	private final Map<String, long[]> totals = new HashMap<>();

	private final Map<String, ClassCount> classes = new HashMap<>();

	private final Map<String, SweepCounts.MemorySample> memory = new TreeMap<>();

	/** A class's keys and its first few keys, escaped. */
	private static final class ClassCount {

		long keys;

		final List<String> samples = new ArrayList<>(SAMPLES_PER_CLASS);

	}

	public void classified(byte[] key, Verdict verdict) {
		add(SweepCounts.SCANNED, 1);
		if (verdict.recognised()) {
			add(SweepCounts.MATCHING, 1);
		}
		counted(verdict.keyClass(), key);
	}

	/** One more key (or set member) of this class; the first few are kept as samples. */
	public void counted(String keyClass, byte[] key) {
		ClassCount count = classCount(keyClass);
		count.keys++;
		if (count.samples.size() < SAMPLES_PER_CLASS) {
			count.samples.add(KeyText.sample(key));
		}
	}

	/**
	 * More keys (or set members) of this class, known only by number: none becomes a
	 * sample.
	 */
	public void counted(String keyClass, long keys) {
		classCount(keyClass).keys += keys;
	}

	private ClassCount classCount(String keyClass) {
		return classes.computeIfAbsent(keyClass, c -> new ClassCount());
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
		totals.computeIfAbsent(total, t -> new long[1])[0] += n;
	}

	/** What the tally has counted so far, across restarts. */
	public SweepCounts counts() {
		Map<String, Long> totalCounts = new TreeMap<>();
		totals.forEach((name, n) -> totalCounts.put(name, n[0]));
		Map<String, Long> classCounts = new TreeMap<>();
		Map<String, List<String>> samples = new TreeMap<>();
		classes.forEach((keyClass, count) -> {
			classCounts.put(keyClass, count.keys);
			if (!count.samples.isEmpty()) {
				samples.put(keyClass, count.samples);
			}
		});
		return new SweepCounts(totalCounts, classCounts, samples, memory);
	}

	@Override
	public void open(ExecutionContext executionContext) {
		SweepCounts restored = SweepCounts.from(executionContext);
		totals.clear();
		restored.totals().forEach(this::add);
		totals.put(SweepCounts.SCANNED_BEFORE, new long[] { restored.total(SweepCounts.SCANNED) });
		classes.clear();
		restored.classes().forEach(this::counted);
		restored.samples().forEach((keyClass, keys) -> classCount(keyClass).samples.addAll(keys));
		memory.clear();
		memory.putAll(restored.memory());
	}

	@Override
	public void update(ExecutionContext executionContext) {
		counts().writeTo(executionContext);
	}

}
