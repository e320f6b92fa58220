package io.keysweep.audit;

import java.time.Duration;

import io.keysweep.batch.AuditOptions;
import io.keysweep.run.StopRequest;
import org.springframework.batch.core.listener.StepListener;

/**
 * One audit as the command line asks for it.
 *
 * @param match the SCAN MATCH glob
 * @param rate keys per second at the most, or null for no limit
 * @param maxLatency the round trip over which the audit waits
 * @param options what it measures beside the counts
 * @param thresholds when a pattern is a suspected leak
 * @param restartFromScratch abandon an unfinished audit instead of continuing it
 */
public record AuditRequest(String match, Long rate, Duration maxLatency, AuditOptions options,
		LeakThresholds thresholds, boolean restartFromScratch, StopRequest stop, StepListener... listeners) {
}
