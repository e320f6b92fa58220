package io.keysweep.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import redis.clients.jedis.Jedis;

/**
 * {@code -Dkeysweep.benchmark.apart=true}: Redis and the client that times it on the
 * first CPU, each contender on the second, as in production, where keysweep runs on
 * another host than the Redis. Without it every process competes for both CPUs of the
 * project's machine, and another client's latency shows how long it waited for a CPU more
 * than how long Redis held it.
 */
final class Cpus {

	private static final boolean APART = Boolean.getBoolean("keysweep.benchmark.apart");

	private static final String REDIS_CPU = "0";

	private static final String CONTENDER_CPU = "1";

	private Cpus() {
	}

	static String describe() {
		return APART ? "Redis and the client on CPU " + REDIS_CPU + ", each contender on CPU " + CONTENDER_CPU
				: "every process on every CPU";
	}

	/** The contender's command, on its own CPU when apart. */
	static List<String> contender(List<String> command) {
		if (!APART) {
			return command;
		}
		List<String> pinned = new ArrayList<>(List.of("taskset", "-c", CONTENDER_CPU));
		pinned.addAll(command);
		return pinned;
	}

	/** Every thread of the Redis server on Redis's CPU, when apart. */
	static void pinRedis(Jedis jedis) throws Exception {
		if (APART) {
			String pid = jedis.info("server")
				.lines()
				.filter(line -> line.startsWith("process_id:"))
				.findFirst()
				.orElseThrow()
				.substring("process_id:".length())
				.trim();
			taskset("-a", "-pc", REDIS_CPU, pid);
		}
	}

	/** The calling thread on Redis's CPU, when apart. */
	static void pinThisThread() throws Exception {
		if (APART) {
			// /proc/thread-self links to <pid>/task/<tid>: Linux sets the affinity of one
			// thread by its tid
			String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
			taskset("-pc", REDIS_CPU, tid);
		}
	}

	private static void taskset(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of("taskset"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes());
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + ": " + out);
		}
	}

}
