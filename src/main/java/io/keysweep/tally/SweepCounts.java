package io.keysweep.tally;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * A sweep's figures at one moment, as {@link SweepTally} counted them: totals, a count
 * per class, a few sample keys per class (escaped), and the MEMORY USAGE of a bounded
 * number of keys per class that got an expiry. The tally writes them into its step's
 * ExecutionContext at every chunk commit, so they survive a restart and can be reported
 * later; {@link #from} is the one way to read them back (the context keys are the tally's
 * own). Immutable; the maps are sorted by name.
 */
public record SweepCounts(Map<String, Long> totals, Map<String, Long> classes, Map<String, List<String>> samples,
		Map<String, MemorySample> memory) {

	public SweepCounts {
		totals = Collections.unmodifiableMap(new TreeMap<>(totals));
		classes = Collections.unmodifiableMap(new TreeMap<>(classes));
		Map<String, List<String>> sampleCopies = new TreeMap<>();
		samples.forEach((keyClass, keys) -> sampleCopies.put(keyClass, List.copyOf(keys)));
		samples = Collections.unmodifiableMap(sampleCopies);
		memory = Collections.unmodifiableMap(new TreeMap<>(memory));
	}

	/** Keys measured with MEMORY USAGE in one class, and their bytes in all. */
	public record MemorySample(long keys, long bytes) {
	}

	/**
	 * The memory held by the keys a sweep gave an expiry (or would have, in a dry run):
	 * their number times the mean measured size, each class weighted by its count. An
	 * estimate from {@code sampledKeys} keys.
	 */
	public record MemoryEstimate(long bytes, long sampledKeys) {
	}

	/** Keys SCAN returned (they match the definition's pattern). */
	public static final String SCANNED = "scanned";

	/**
	 * Keys earlier executions of the run had scanned when this one began: a resume starts
	 * from their counts, so it scanned {@link #SCANNED} minus this itself.
	 */
	public static final String SCANNED_BEFORE = "scanned-before";

	/** Scanned keys the classifier recognised as its kind. */
	public static final String MATCHING = "matching";

	/** EXPIRE answered 1. */
	public static final String EXPIRED = "expired";

	/** A dry run would have sent EXPIRE. */
	public static final String WOULD_EXPIRE = "would-expire";

	/**
	 * EXPIRE ... NX answered 0: the key got a TTL or vanished between the scan and the
	 * write.
	 */
	public static final String CHANGED_MEANWHILE = "changed-meanwhile";

	/** SREM took a stale member out of the dead-batch set. */
	public static final String REMOVED = "removed";

	/** A dry run would have removed a stale member. */
	public static final String WOULD_REMOVE = "would-remove";

	private static final String TOTAL_PREFIX = "tally.total.";

	private static final String CLASS_PREFIX = "tally.class.";

	private static final String SAMPLE_PREFIX = "tally.sample.";

	private static final String MEMORY_KEYS_PREFIX = "tally.memory-keys.";

	private static final String MEMORY_BYTES_PREFIX = "tally.memory-bytes.";

	/** Nothing counted yet. */
	public static final SweepCounts NONE = new SweepCounts(Map.of(), Map.of(), Map.of(), Map.of());

	/**
	 * The figures a tally wrote into a step's context; {@link #NONE} when it wrote none.
	 */
	public static SweepCounts from(ExecutionContext context) {
		Map<String, Long> totals = new TreeMap<>();
		Map<String, Long> classes = new TreeMap<>();
		Map<String, List<String>> samples = new TreeMap<>();
		Map<String, MemorySample> memory = new TreeMap<>();
		for (Map.Entry<String, Object> entry : context.entrySet()) {
			String key = entry.getKey();
			if (key.startsWith(TOTAL_PREFIX)) {
				totals.put(key.substring(TOTAL_PREFIX.length()), ((Number) entry.getValue()).longValue());
			}
			else if (key.startsWith(CLASS_PREFIX)) {
				classes.put(key.substring(CLASS_PREFIX.length()), ((Number) entry.getValue()).longValue());
			}
			else if (key.startsWith(SAMPLE_PREFIX)) {
				samples.put(key.substring(SAMPLE_PREFIX.length()),
						Arrays.asList(((String) entry.getValue()).split("\n")));
			}
			else if (key.startsWith(MEMORY_KEYS_PREFIX)) {
				String keyClass = key.substring(MEMORY_KEYS_PREFIX.length());
				memory.put(keyClass, new MemorySample(((Number) entry.getValue()).longValue(),
						context.getLong(MEMORY_BYTES_PREFIX + keyClass, 0)));
			}
		}
		return new SweepCounts(totals, classes, samples, memory);
	}

	/**
	 * These counts and another step's, added up; samples kept up to the per-class limit.
	 */
	public SweepCounts plus(SweepCounts other) {
		Map<String, Long> sumTotals = new TreeMap<>(totals);
		other.totals.forEach((name, n) -> sumTotals.merge(name, n, Long::sum));
		Map<String, Long> sumClasses = new TreeMap<>(classes);
		other.classes.forEach((name, n) -> sumClasses.merge(name, n, Long::sum));
		Map<String, List<String>> allSamples = new TreeMap<>();
		samples.forEach((name, keys) -> allSamples.put(name, new ArrayList<>(keys)));
		other.samples.forEach((name, keys) -> {
			List<String> merged = allSamples.computeIfAbsent(name, n -> new ArrayList<>());
			keys.stream().limit(Math.max(0, SweepTally.SAMPLES_PER_CLASS - merged.size())).forEach(merged::add);
		});
		Map<String, MemorySample> sumMemory = new TreeMap<>(memory);
		other.memory.forEach((name, sample) -> sumMemory.merge(name, sample,
				(a, b) -> new MemorySample(a.keys() + b.keys(), a.bytes() + b.bytes())));
		return new SweepCounts(sumTotals, sumClasses, allSamples, sumMemory);
	}

	void writeTo(ExecutionContext context) {
		totals.forEach((name, n) -> context.putLong(TOTAL_PREFIX + name, n));
		classes.forEach((name, n) -> context.putLong(CLASS_PREFIX + name, n));
		samples.forEach((name, keys) -> context.putString(SAMPLE_PREFIX + name, String.join("\n", keys)));
		memory.forEach((name, sample) -> {
			context.putLong(MEMORY_KEYS_PREFIX + name, sample.keys());
			context.putLong(MEMORY_BYTES_PREFIX + name, sample.bytes());
		});
	}

	public long total(String name) {
		return totals.getOrDefault(name, 0L);
	}

	public long ofClass(String keyClass) {
		return classes.getOrDefault(keyClass, 0L);
	}

	/** Null when no key that got an expiry was measured. */
	public MemoryEstimate memoryEstimate() {
		long sampled = 0;
		double weightedBytes = 0;
		long weight = 0;
		for (Map.Entry<String, MemorySample> entry : memory.entrySet()) {
			MemorySample sample = entry.getValue();
			long count = ofClass(entry.getKey());
			sampled += sample.keys();
			weightedBytes += (double) sample.bytes() / sample.keys() * count;
			weight += count;
		}
		if (sampled == 0 || weight == 0) {
			return null;
		}
		long given = total(EXPIRED) + total(WOULD_EXPIRE);
		return new MemoryEstimate(Math.round(weightedBytes / weight * given), sampled);
	}
}
