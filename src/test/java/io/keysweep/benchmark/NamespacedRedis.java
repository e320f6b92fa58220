package io.keysweep.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.keysweep.testing.RedisServer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ShutdownParams;

/**
 * The redis-server on PATH, started inside a {@link DelayedNetwork}'s namespace and bound
 * to its address, so that every client on the host reaches it over the delayed link.
 * Stopped on {@link #close()}, and by a shutdown hook when the test JVM is stopped
 * halfway.
 */
final class NamespacedRedis implements AutoCloseable {

	private final String host;

	private final int port;

	private final Process process;

	private final TeardownOnce teardown;

	private NamespacedRedis(String host, int port, Process process) {
		this.host = host;
		this.port = port;
		this.process = process;
		this.teardown = new TeardownOnce(this::stop);
	}

	/**
	 * @param dir where the server keeps its dump and log
	 */
	static NamespacedRedis start(DelayedNetwork network, Path dir) throws IOException {
		String host = network.namespaceAddress();
		// any port is free in a new namespace; one free on the host as well keeps a
		// misrouted client from
		// reaching a server of the host
		int port = RedisServer.freePort();
		// protected mode would refuse the host: the server is bound to a link only the
		// host can reach
		Process process = new ProcessBuilder(network.inNamespace("redis-server", "--bind", host, "--port",
				String.valueOf(port), "--protected-mode", "no", "--save", "", "--appendonly", "no",
				"--enable-debug-command", "yes", "--dir", dir.toString()))
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("redis.log").toFile())
			.start();
		NamespacedRedis redis = new NamespacedRedis(host, port, process);
		try {
			redis.awaitAnswer(dir.resolve("redis.log"));
			return redis;
		}
		catch (IOException | RuntimeException e) {
			redis.close();
			throw e;
		}
	}

	private void awaitAnswer(Path log) throws IOException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			try (Jedis jedis = new Jedis(host, port, 1000)) {
				jedis.ping();
				return;
			}
			catch (JedisConnectionException notYet) {
				if (!process.isAlive()) {
					throw new IOException("redis-server exited: " + Files.readString(log));
				}
				sleep(20);
			}
		}
		throw new IOException("redis-server did not answer at " + host + ":" + port);
	}

	String host() {
		return host;
	}

	int port() {
		return port;
	}

	@Override
	public void close() {
		teardown.close();
	}

	private void stop() {
		try (Jedis jedis = new Jedis(host, port)) {
			jedis.shutdown(ShutdownParams.shutdownParams().nosave());
		}
		catch (JedisException gone) {
			// not answering: the process is ended below all the same
		}
		RedisServer.end(process);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

}
