package io.keysweep.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.keysweep.classify.Classifier;
import io.keysweep.classify.Classifiers;

/**
 * One sweep, as a file in the jobs directory defines it.
 *
 * @param name        the file name without {@code .yml}; also the Spring Batch job name
 * @param match       the SCAN MATCH glob
 * @param type        the SCAN TYPE filter, or null
 * @param classifier  the built-in classifier's name
 * @param ttlSeconds  the TTL for each class the classifier expires
 * @param limit       keys per run at the most; 0 for no limit
 * @param checksum    SHA-256 of the file, to tell whether it changed between a run and its resume
 */
public record JobDefinition(String name, String description, String match, String type, int scanCount,
                            int chunkSize, String classifier, Map<String, Long> ttlSeconds, long limit,
                            boolean allowBroadMatch, String checksum) {

    public Classifier newClassifier() {
        return Classifiers.create(classifier, ttlSeconds);
    }

    /**
     * Every setting that decides what the sweep does, by field name, as text: what a run records in its job
     * parameters, so that a resume can say which ones changed. The description is not one of them.
     */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("match", match);
        settings.put("type", type == null ? "any" : type);
        settings.put("scan-count", Integer.toString(scanCount));
        settings.put("chunk-size", Integer.toString(chunkSize));
        settings.put("limit", Long.toString(limit));
        settings.put("classifier", classifier);
        settings.put("allow-broad-match", Boolean.toString(allowBroadMatch));
        new TreeMap<>(ttlSeconds).forEach((keyClass, seconds) -> settings.put("ttl." + keyClass, seconds + "s"));
        return settings;
    }

    /** The settings that differ from those recorded earlier, each as {@code field: then -> now}. */
    public List<String> changesSince(Map<String, String> recorded) {
        Map<String, String> now = settings();
        List<String> fields = new ArrayList<>(now.keySet());
        recorded.keySet().stream().filter(field -> !now.containsKey(field)).forEach(fields::add);
        List<String> changes = new ArrayList<>();
        for (String field : fields) {
            String then = recorded.get(field);
            if (!Objects.equals(then, now.get(field))) {
                changes.add(field + ": " + orNone(then) + " -> " + orNone(now.get(field)));
            }
        }
        return changes;
    }

    private static String orNone(String value) {
        return value == null ? "(none)" : value;
    }
}
