package io.keysweep.job;

import java.util.Map;

import io.keysweep.alert.AlertThresholds;
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
 * @param alerts      thresholds that make a completed run exit with 3
 */
public record JobDefinition(String name, String description, String match, String type, int scanCount,
                            int chunkSize, String classifier, Map<String, Long> ttlSeconds, long limit,
                            boolean allowBroadMatch, String checksum, AlertThresholds alerts) {

    public Classifier newClassifier() {
        return Classifiers.create(classifier, ttlSeconds);
    }
}
