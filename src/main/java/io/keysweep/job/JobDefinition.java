package io.keysweep.job;

import java.util.List;
import java.util.Map;

import io.keysweep.alert.AlertThresholds;
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
 * @param checksum      SHA-256 of the file, to tell whether it changed between a run and its resume
 * @param alerts        thresholds that make a completed run exit with 3
 */
public record JobDefinition(String name, String description, boolean enabled, String match, String type,
                            int scanCount, int chunkSize, String classifier, Map<String, Long> ttlSeconds,
                            List<Rule> rules, int jitterPercent, List<Integer> databases, String namespace,
                            String deadSet, long limit,
                            boolean allowBroadMatch, String checksum, AlertThresholds alerts) {

    public Classifier newClassifier() {
        return classifier == null ? Classifiers.rules(rules) : Classifiers.create(classifier, ttlSeconds);
    }

    public Jitter jitter() {
        return jitterPercent == 0 ? Jitter.NONE : new Jitter(jitterPercent);
    }
}
