package io.keysweep.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import redis.clients.jedis.Jedis;

/**
 * One test's jobs dir, with the job {@value #JOB} over {@link LeakedKeyspace#MATCH}, data
 * dir and job repository, against one test Redis; builds command lines that name them
 * all.
 */
public record SweepWorkspace(Path dir, Path jobs, Path data, RedisServer redis, TestRepository repository) {

	public static final String JOB = "notify";

	/** With the job repository in the data dir's H2 file. */
	public static SweepWorkspace create(Path dir, RedisServer redis, int scanCount, int chunkSize) {
		return create(dir, redis, scanCount, chunkSize, JobRepositoryKind.H2);
	}

	public static SweepWorkspace create(Path dir, RedisServer redis, int scanCount, int chunkSize,
			JobRepositoryKind kind) {
		Path data = dir.resolve("data");
		SweepWorkspace workspace = new SweepWorkspace(dir, dir.resolve("jobs"), data, redis, kind.create(data));
		workspace.define(scanCount, chunkSize);
		return workspace;
	}

	/** (Re)writes the job's definition. */
	public void define(int scanCount, int chunkSize) {
		Definitions.write(jobs, JOB, Definitions.notifyYaml(LeakedKeyspace.MATCH, scanCount, chunkSize));
	}

	/** The same jobs, another data dir: another host's job repository. */
	public SweepWorkspace withData(Path otherData) {
		return new SweepWorkspace(dir, jobs, otherData, redis, TestRepository.h2(otherData));
	}

	/**
	 * The command followed by --redis-url, --jobs-dir, --data-dir and the job
	 * repository's options.
	 */
	public String[] args(String... command) {
		List<String> args = new ArrayList<>(List.of(command));
		args.addAll(List.of("--redis-url", redis.url(), "--jobs-dir", jobs.toString(), "--data-dir", data.toString()));
		args.addAll(repository.args());
		return args.toArray(String[]::new);
	}

	/** Starts the packaged jar with this command line. */
	public KeysweepProcess start(List<String> systemProperties, String... command) {
		return KeysweepProcess.start(dir.resolve("logs"), systemProperties, args(command));
	}

	/** The value of the job's lock key, or null when nobody holds it. */
	public String lock() {
		try (Jedis jedis = redis.client()) {
			return jedis.get("keysweep:lock:" + JOB);
		}
	}
}
