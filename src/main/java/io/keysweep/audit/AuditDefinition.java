package io.keysweep.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import io.keysweep.definition.AlertThresholds;
import io.keysweep.definition.JobDefinition;

/**
 * The job definition of an {@code audit} command, built from the command line rather than
 * read from a file: every such audit is a run of the job {@value #JOB}, so the job's lock
 * keeps two of them apart, and its unfinished execution is what the next one resumes. (An
 * audit defined in the jobs directory is a job of its own name.)
 */
public final class AuditDefinition {

	/** The job name of every audit the {@code audit} command runs. */
	public static final String JOB = "audit";

	private AuditDefinition() {
	}

	/**
	 * The definition of an audit without a rate: the command line holds it to one. Its
	 * SCANs keep to the default max-command-time, as a sweep's do.
	 * @param match the SCAN MATCH glob of the keys to count
	 * @param maxLatency the round trip over which the audit waits; zero to never wait
	 * @param audit what it measures and reports
	 */
	public static JobDefinition of(String match, Duration maxLatency, JobDefinition.Audit audit) {
		return new JobDefinition(JOB, "a census of the keyspace", true, JobDefinition.Scan.audit(match),
				JobDefinition.Expiring.NONE,
				new JobDefinition.Pacing(0, maxLatency, JobDefinition.Pacing.DEFAULT_MAX_COMMAND_TIME),
				AlertThresholds.NONE, null, true, checksum(match), null, audit);
	}

	private static String checksum(String match) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(("audit match=" + match).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException impossible) {
			throw new IllegalStateException(impossible);
		}
	}

}
