package io.keysweep.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;

/**
 * Job definitions for tests: the shipped ones from {@code jobs/}, or files written into a
 * test's own directory.
 */
public final class Definitions {

	public static final Path SHIPPED = Path.of("jobs");

	private Definitions() {
	}

	public static JobDefinition shipped(String name) {
		return new JobDefinitions(SHIPPED).load(name);
	}

	public static Path write(Path jobsDir, String name, String yaml) {
		try {
			Files.createDirectories(jobsDir);
			return Files.writeString(jobsDir.resolve(name + ".yml"), yaml);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The shipped Sidekiq notify definition with another match and sizes. */
	public static String notifyYaml(String match, int scanCount, int chunkSize) {
		return """
				match: "%s"
				scan-count: %d
				chunk-size: %d
				classifier: sidekiq-batch-notify
				ttl:
				  leaked: 30d
				  deleted: 30d
				  live: 30d
				""".formatted(match, scanCount, chunkSize);
	}

	/**
	 * A Sidekiq batch keys definition with its dead-set step ({@code batch-died}), of
	 * these sizes.
	 */
	public static String deadSetYaml(int scanCount, int chunkSize) {
		return """
				match: "b-*"
				scan-count: %d
				chunk-size: %d
				classifier: sidekiq-batch-keys
				ttl: { orphaned: 30d, deleted: 30d, dead: 180d, live: 30d }
				dead-set: batch-died
				""".formatted(scanCount, chunkSize);
	}

}
