package io.keysweep.batch;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import io.keysweep.definition.JobDefinition;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The job parameters of one sweep. Every {@code run} is a new job instance (identified by
 * its start time), so nightly runs stay separate in the job repository; a resume
 * continues an instance with the same parameters, except that a resume with a changed
 * definition records the definition it continued with. Nothing secret goes in here: the
 * Redis endpoint is host and port only.
 *
 * @param startedAt identifies the job instance
 * @param dryRun write nothing to Redis
 * @param limit keys to read at the most; 0 for no limit
 * @param definitionChecksum SHA-256 of the job definition file the execution started with
 * @param redisEndpoint host:port[/db]
 * @param definition the definition's {@link JobDefinition#settings() settings} the
 * execution started with
 * @param rate the keys per second the command line held the run to ({@code --rate}),
 * which its resumes keep unless given another; null when the definition's rate applies
 * @param masterSlots for a run of one master of a Redis Cluster (a fleet's part, see
 * {@code run --all --skip-done-within}), the slots of that master, e.g. {@code 0-5460}:
 * with the job and the target, what the run is of; null for a run of the whole Redis
 */
public record SweepParameters(String startedAt, boolean dryRun, long limit, String definitionChecksum,
		String redisEndpoint, Map<String, String> definition, Long rate, String masterSlots) {

	static final String STARTED_AT = "started-at";
	static final String DRY_RUN = "dry-run";
	static final String LIMIT = "limit";
	static final String DEFINITION_CHECKSUM = "definition-checksum";
	static final String REDIS = "redis";
	static final String DEFINITION_PREFIX = "definition.";
	static final String RATE = "rate";

	public static final String MASTER_SLOTS = "master-slots";

	/**
	 * @param limit the command line's limit, or 0 to take the definition's
	 */
	public static SweepParameters newRun(JobDefinition definition, boolean dryRun, long limit, String redisEndpoint) {
		return new SweepParameters(Instant.now().toString(), dryRun, limit > 0 ? limit : definition.scan().limit(),
				definition.checksum(), redisEndpoint, definition.settings(), null, null);
	}

	/** The same new run, of the one master of a cluster that owns these slots. */
	public SweepParameters ofMaster(String slots) {
		return new SweepParameters(startedAt, dryRun, limit, definitionChecksum, redisEndpoint, definition, rate,
				slots);
	}

	public static SweepParameters from(JobParameters parameters) {
		Map<String, String> definition = new TreeMap<>();
		for (JobParameter<?> parameter : parameters) {
			if (parameter.name().startsWith(DEFINITION_PREFIX)) {
				definition.put(parameter.name().substring(DEFINITION_PREFIX.length()),
						String.valueOf(parameter.value()));
			}
		}
		return new SweepParameters(parameters.getString(STARTED_AT),
				Boolean.parseBoolean(parameters.getString(DRY_RUN, "false")), parameters.getLong(LIMIT, 0L),
				parameters.getString(DEFINITION_CHECKSUM), parameters.getString(REDIS), definition,
				parameters.getLong(RATE), parameters.getString(MASTER_SLOTS));
	}

	/**
	 * The same job instance, with the run's dry-run, limit and rate, continued under the
	 * definition as it is now.
	 */
	public SweepParameters continuedWith(JobDefinition current) {
		return new SweepParameters(startedAt, dryRun, limit, current.checksum(), redisEndpoint, current.settings(),
				rate, masterSlots);
	}

	/** The same, held to the command line's rate (null: the definition's). */
	public SweepParameters heldTo(Long commandLineRate) {
		return new SweepParameters(startedAt, dryRun, limit, definitionChecksum, redisEndpoint, definition,
				commandLineRate, masterSlots);
	}

	public JobParameters toJobParameters() {
		JobParametersBuilder builder = new JobParametersBuilder().addString(STARTED_AT, startedAt, true)
			.addString(DRY_RUN, String.valueOf(dryRun), false)
			.addLong(LIMIT, limit, false)
			.addString(DEFINITION_CHECKSUM, definitionChecksum, false)
			.addString(REDIS, redisEndpoint, false);
		definition.forEach((field, value) -> builder.addString(DEFINITION_PREFIX + field, value, false));
		if (rate != null) {
			builder.addLong(RATE, rate, false);
		}
		if (masterSlots != null) {
			// identifying: two workers may start two masters' runs in the same instant
			builder.addString(MASTER_SLOTS, masterSlots, true);
		}
		return builder.toJobParameters();
	}
}
