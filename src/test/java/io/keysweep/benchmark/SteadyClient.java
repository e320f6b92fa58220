package io.keysweep.benchmark;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import redis.clients.jedis.Jedis;

/**
 * Another application of the same Redis: a GET or a SET of a small key at a fixed rate on
 * a connection of its own, on a thread of its own, timing each round trip. What it
 * records is what an application's request would wait for a Redis command while a sweep
 * runs.
 */
final class SteadyClient implements AutoCloseable {

	private final Thread thread;

	private final long[] micros = new long[2_000_000];

	private volatile boolean running = true;

	private int calls;

	/** The latency percentiles of one phase, in ms. */
	record Latencies(double p50, double p99, double p999, double max, int calls, int overOneMs) {

		@Override
		public String toString() {
			return String.format("p50 %.3f  p99 %.3f  p99.9 %.3f  max %6.2f ms, %,6d calls, %,5d over 1 ms", p50, p99,
					p999, max, calls, overOneMs);
		}
	}

	private SteadyClient(String host, int port, int perSecond) {
		long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
		thread = new Thread(() -> {
			try (Jedis jedis = new Jedis(host, port)) {
				Cpus.pinThisThread();
				jedis.clientSetname("application");
				long next = System.nanoTime();
				while (running && calls < micros.length) {
					long wait = next - System.nanoTime();
					if (wait > 0) {
						LockSupport.parkNanos(wait);
					}
					long start = System.nanoTime();
					if (calls % 2 == 0) {
						jedis.set("application:" + calls % 100, "v");
					}
					else {
						jedis.get("application:" + calls % 100);
					}
					micros[calls++] = (System.nanoTime() - start) / 1_000;
					next += interval;
				}
			}
			catch (Exception e) {
				throw new IllegalStateException("the steady client could not run", e);
			}
		}, "steady-client");
		thread.setDaemon(true);
	}

	static SteadyClient start(String host, int port, int perSecond) {
		SteadyClient client = new SteadyClient(host, port, perSecond);
		client.thread.start();
		return client;
	}

	/** Stops the client and returns what it measured. */
	Latencies stop() throws InterruptedException {
		running = false;
		thread.join();
		long[] sorted = Arrays.copyOf(micros, calls);
		Arrays.sort(sorted);
		int overOneMs = (int) Arrays.stream(sorted).filter(us -> us > 1_000).count();
		return new Latencies(at(sorted, 0.5), at(sorted, 0.99), at(sorted, 0.999), sorted[sorted.length - 1] / 1e3,
				calls, overOneMs);
	}

	private static double at(long[] sorted, double quantile) {
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e3;
	}

	@Override
	public void close() throws InterruptedException {
		if (running) {
			stop();
		}
	}

}
