package io.keysweep.tally;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * A sweep's figures as they stand in its step's ExecutionContext: totals, a count per class, and a few sample
 * keys per class (escaped). Written at every chunk commit, so they survive a restart and can be reported later.
 */
public record SweepCounts(Map<String, Long> totals, Map<String, Long> classes, Map<String, List<String>> samples) {

    /** Keys SCAN returned (they match the definition's pattern). */
    public static final String SCANNED = "scanned";
    /** Scanned keys the classifier recognised as its kind. */
    public static final String MATCHING = "matching";
    /** EXPIRE answered 1. */
    public static final String EXPIRED = "expired";
    /** A dry run would have sent EXPIRE. */
    public static final String WOULD_EXPIRE = "would-expire";
    /** EXPIRE ... NX answered 0: the key got a TTL or vanished between the scan and the write. */
    public static final String CHANGED_MEANWHILE = "changed-meanwhile";

    /** SREM took a stale member out of the dead-batch set. */
    public static final String REMOVED = "removed";
    /** A dry run would have removed a stale member. */
    public static final String WOULD_REMOVE = "would-remove";

    static final String TOTAL_PREFIX = "tally.total.";
    static final String CLASS_PREFIX = "tally.class.";
    static final String SAMPLE_PREFIX = "tally.sample.";

    public static SweepCounts from(ExecutionContext context) {
        Map<String, Long> totals = new TreeMap<>();
        Map<String, Long> classes = new TreeMap<>();
        Map<String, List<String>> samples = new TreeMap<>();
        for (Map.Entry<String, Object> entry : context.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(TOTAL_PREFIX)) {
                totals.put(key.substring(TOTAL_PREFIX.length()), ((Number) entry.getValue()).longValue());
            } else if (key.startsWith(CLASS_PREFIX)) {
                classes.put(key.substring(CLASS_PREFIX.length()), ((Number) entry.getValue()).longValue());
            } else if (key.startsWith(SAMPLE_PREFIX)) {
                samples.put(key.substring(SAMPLE_PREFIX.length()),
                        new ArrayList<>(Arrays.asList(((String) entry.getValue()).split("\n"))));
            }
        }
        return new SweepCounts(totals, classes, samples);
    }

    /** These counts and another step's, added up; samples kept up to the per-class limit. */
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
        return new SweepCounts(sumTotals, sumClasses, allSamples);
    }

    void writeTo(ExecutionContext context) {
        totals.forEach((name, n) -> context.putLong(TOTAL_PREFIX + name, n));
        classes.forEach((name, n) -> context.putLong(CLASS_PREFIX + name, n));
        samples.forEach((name, keys) -> context.putString(SAMPLE_PREFIX + name, String.join("\n", keys)));
    }

    public long total(String name) {
        return totals.getOrDefault(name, 0L);
    }

    public long ofClass(String keyClass) {
        return classes.getOrDefault(keyClass, 0L);
    }
}
