package io.keysweep.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.keysweep.definition.AlertThresholds;
import io.keysweep.definition.JobDefinition;

/**
 * The job definition of an audit, built from the command line rather than read from a
 * file: every audit is a run of the job {@value #JOB}, so the job's lock keeps two audits
 * of one Redis apart, and its unfinished execution is what the next audit resumes.
 */
public final class AuditDefinition {

	/** The job name of every audit. */
	public static final String JOB = "audit";

	/** Keys per SCAN page: a page's lookups are one pipeline. */
	static final int SCAN_COUNT = 1_000;

	/**
	 * Keys per chunk: the census (up to a thousand rows) is committed with each, so
	 * fewer, larger chunks than a sweep's.
	 */
	static final int CHUNK_SIZE = 10_000;

	private AuditDefinition() {
	}

	/**
	 * The definition of an audit without a rate: the command line holds it to one. Its
	 * SCANs keep to the default max-command-time, as a sweep's do.
	 * @param match the SCAN MATCH glob of the keys to count
	 * @param maxLatency the round trip over which the audit waits; zero to never wait
	 */
	public static JobDefinition of(String match, Duration maxLatency) {
		return new JobDefinition(JOB, "a census of the keyspace", true,
				new JobDefinition.Scan(match, null, SCAN_COUNT, CHUNK_SIZE, List.of(), "", null, 0, true),
				new JobDefinition.Expiring(null, Map.of(), List.of(), 0),
				new JobDefinition.Pacing(0, maxLatency, JobDefinition.Pacing.DEFAULT_MAX_COMMAND_TIME),
				AlertThresholds.NONE, null, true, checksum(match));
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
