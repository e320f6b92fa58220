package io.keysweep.demo;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.keysweep.failure.OperatorException;
import redis.clients.jedis.Jedis;

/**
 * A redis-server from PATH on a free loopback port, with nothing saved to disk, for as
 * long as a demo runs. Closing it stops the process and removes its directory.
 */
public final class ThrowawayRedis implements AutoCloseable {

	private static final long START_TIMEOUT_MS = 20_000;

	private static final String PROGRAM = "redis-server";

	private final Process process;

	private final ScratchDirectory dir;

	private final int port;

	private ThrowawayRedis(Process process, ScratchDirectory dir, int port) {
		this.process = process;
		this.dir = dir;
		this.port = port;
	}

	/**
	 * @throws OperatorException when there is no redis-server on PATH
	 * @throws IOException when it does not start, or does not answer
	 */
	public static ThrowawayRedis start() throws IOException {
		if (!onPath(PROGRAM)) {
			throw new OperatorException("no " + PROGRAM + " on PATH to start a throwaway Redis: install Redis, or "
					+ "give --redis-url of an empty Redis database");
		}
		ScratchDirectory dir = ScratchDirectory.create("keysweep-redis");
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Process process;
		try {
			process = new ProcessBuilder(PROGRAM, "--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir",
					dir.path().toString(), "--save", "", "--appendonly", "no")
				.redirectErrorStream(true)
				.redirectOutput(dir.path().resolve("redis.log").toFile())
				.start();
		}
		catch (IOException e) {
			dir.close();
			throw new IOException(
					"cannot start redis-server from PATH (" + e.getMessage() + "); install Redis, or give --redis-url",
					e);
		}
		ThrowawayRedis redis = new ThrowawayRedis(process, dir, port);
		redis.awaitAnswer();
		return redis;
	}

	private static boolean onPath(String program) {
		String path = System.getenv("PATH");
		return path != null && Arrays.stream(path.split(File.pathSeparator))
			.anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
	}

	public String url() {
		return "redis://127.0.0.1:" + port;
	}

	private void awaitAnswer() throws IOException {
		long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
		while (System.currentTimeMillis() < deadline) {
			try (Jedis jedis = new Jedis("127.0.0.1", port)) {
				jedis.ping();
				return;
			}
			catch (RuntimeException notYet) {
				if (!process.isAlive()) {
					String log = Files.readString(dir.path().resolve("redis.log"));
					close();
					throw new IOException("redis-server exited: " + log.strip());
				}
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					close();
					throw new IOException("interrupted while starting redis-server", e);
				}
			}
		}
		close();
		throw new IOException("redis-server did not answer on port " + port);
	}

	@Override
	public void close() throws IOException {
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
		dir.close();
	}

}
