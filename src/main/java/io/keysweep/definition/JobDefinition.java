package io.keysweep.definition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.keysweep.classify.Classifier;
import io.keysweep.classify.Classifiers;
import io.keysweep.classify.Jitter;
import io.keysweep.classify.Rule;

/**
 * One sweep, as a file in the jobs directory defines it.
 *
 * @param name          the file name without {@code .yml}; also the Spring Batch job name
 * @param match         the SCAN MATCH glob
 * @param type          the SCAN TYPE filter, or null
 * @param classifier    the built-in classifier's name, or null when the definition has rules
 * @param ttlSeconds    the built-in classifier's TTL for each class it expires
 * @param rules         the definition's rules, or empty when it names a built-in classifier
 * @param jitterPercent how far expiries are spread, in percent of each TTL
 * @param databases     the databases to sweep, each in its own step; empty for the URL's database
 * @param namespace     what every key of the application starts with (redis-namespace), {@code myapp:}, or empty
 * @param deadSet       the name (without namespace) of Sidekiq Pro's dead-batch set to prune, or null
 * @param limit         keys per run at the most; 0 for no limit
 * @param rate          keys read per second at the most; 0 for no limit
 * @param maxLatency    the round trip to Redis over which the sweep waits and backs off; zero to never wait
 * @param checksum      SHA-256 of the file, to tell whether it changed between a run and its resume
 * @param alerts        thresholds that make a completed run exit with 3
 * @param schedule      when {@code keysweep schedule} runs the job, or null when it does not
 * @param resumeFirst   whether an unattended run ({@code run --all}, the daemon) continues the job's unfinished
 *                      execution; when false it abandons it and starts over
 */
public record JobDefinition(String name, String description, boolean enabled, String match, String type,
                            int scanCount, int chunkSize, String classifier, Map<String, Long> ttlSeconds,
                            List<Rule> rules, int jitterPercent, List<Integer> databases, String namespace,
                            String deadSet, long limit, long rate, Duration maxLatency,
                            boolean allowBroadMatch, String checksum, AlertThresholds alerts, Schedule schedule,
                            boolean resumeFirst) {

    public Classifier newClassifier() {
        return classifier == null ? Classifiers.rules(rules) : Classifiers.create(classifier, ttlSeconds);
    }

    /** The same definition held to another rate, as {@code --rate} asks. */
    public JobDefinition withRate(long keysPerSecond) {
        return new JobDefinition(name, description, enabled, match, type, scanCount, chunkSize, classifier, ttlSeconds,
                rules, jitterPercent, databases, namespace, deadSet, limit, keysPerSecond, maxLatency,
                allowBroadMatch, checksum, alerts, schedule, resumeFirst);
    }

    public Jitter jitter() {
        return jitterPercent == 0 ? Jitter.NONE : new Jitter(jitterPercent);
    }

    /**
     * Every setting that decides what the sweep does, by field name, as text: what a run records in its job
     * parameters, so that a resume can say which ones changed. The description is not one of them, nor are rate
     * and max-latency: they change how fast a sweep goes, not what it does, so a resume may take new ones.
     */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("match", match);
        settings.put("type", type == null ? "any" : type);
        settings.put("scan-count", Integer.toString(scanCount));
        settings.put("chunk-size", Integer.toString(chunkSize));
        settings.put("limit", Long.toString(limit));
        settings.put("classifier", classifier == null ? "rules" : classifier);
        settings.put("allow-broad-match", Boolean.toString(allowBroadMatch));
        new TreeMap<>(ttlSeconds).forEach((keyClass, seconds) -> settings.put("ttl." + keyClass, seconds + "s"));
        for (int i = 0; i < rules.size(); i++) {
            settings.put("rules[" + (i + 1) + "]", rules.get(i).describe());
        }
        settings.put("jitter", jitterPercent + "%");
        settings.put("databases", databases.isEmpty() ? "the URL's" : databases.toString());
        settings.put("namespace", namespace);
        settings.put("dead-set", deadSet == null ? "none" : deadSet);
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
