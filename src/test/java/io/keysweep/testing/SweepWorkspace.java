package io.keysweep.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import redis.clients.jedis.Jedis;

/**
 * One test's jobs dir, with the job {@value #JOB} over {@link LeakedKeyspace#MATCH}, and
 * data dir, against one test Redis; builds command lines that name all three.
 */
public record SweepWorkspace(Path dir, Path jobs, Path data, RedisServer redis) {

	public static final String JOB = "notify";

	public static SweepWorkspace create(Path dir, RedisServer redis, int scanCount, int chunkSize) {
		SweepWorkspace workspace = new SweepWorkspace(dir, dir.resolve("jobs"), dir.resolve("data"), redis);
		workspace.define(scanCount, chunkSize);
		return workspace;
	}

	/** (Re)writes the job's definition. */
	public void define(int scanCount, int chunkSize) {
		Definitions.write(jobs, JOB, Definitions.notifyYaml(LeakedKeyspace.MATCH, scanCount, chunkSize));
	}

	/** The same jobs, another data dir: another host's job repository. */
	public SweepWorkspace withData(Path otherData) {
		return new SweepWorkspace(dir, jobs, otherData, redis);
	}

	/** The command followed by --redis-url, --jobs-dir and --data-dir. */
	public String[] args(String... command) {
		List<String> args = new ArrayList<>(List.of(command));
		args.addAll(List.of("--redis-url", redis.url(), "--jobs-dir", jobs.toString(), "--data-dir", data.toString()));
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
