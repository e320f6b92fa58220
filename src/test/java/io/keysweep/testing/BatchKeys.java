package io.keysweep.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Writes Sidekiq Pro batch keys of each class the notify classifier knows, and batches in
 * the other states an audit tells apart, with bids unique in the JVM.
 */
public final class BatchKeys {

	private static final AtomicLong NEXT = new AtomicLong();

	private static final long THIRTY_DAYS = 2_592_000;

	private BatchKeys() {
	}

	/** {@code b-<bid>-notify} with no TTL whose {@code b-<bid>} hash is gone. */
	public static List<String> leaked(Jedis jedis, int n) {
		return write(jedis, "LEAK", n, (p, bid) -> p.set("b-" + bid + "-notify", "1"));
	}

	/** No TTL, the hash says the batch was deleted. */
	public static List<String> deleted(Jedis jedis, int n) {
		return write(jedis, "DELE", n, (p, bid) -> {
			p.set("b-" + bid + "-notify", "2");
			p.hset("b-" + bid, "deleted", "1");
			p.expire("b-" + bid, 86_400);
		});
	}

	/** No TTL, the batch's hash is live. */
	public static List<String> live(Jedis jedis, int n) {
		return write(jedis, "LIVE", n, (p, bid) -> {
			p.set("b-" + bid + "-notify", "1");
			p.hset("b-" + bid, "total", "3");
			p.expire("b-" + bid, THIRTY_DAYS);
		});
	}

	/**
	 * No TTL, the hash says the batch succeeded ({@code deleted} "2", Pro's linger of a
	 * day).
	 */
	public static List<String> succeeded(Jedis jedis, int n) {
		return write(jedis, "SUCC", n, (p, bid) -> {
			p.set("b-" + bid + "-notify", "2");
			p.hset("b-" + bid, "deleted", "2");
			p.expire("b-" + bid, 86_400);
		});
	}

	/**
	 * Batches with dead jobs: a hash Pro keeps 180 days, the bid in {@code batch-died}, a
	 * notify key that expires.
	 */
	public static List<String> dead(Jedis jedis, int n) {
		return write(jedis, "DEAD", n, (p, bid) -> {
			p.setex("b-" + bid + "-notify", THIRTY_DAYS, "1");
			p.hset("b-" + bid, "total", "3");
			p.expire("b-" + bid, 6 * THIRTY_DAYS);
			p.sadd("batch-died", bid);
		});
	}

	/** Bids in {@code batch-died} whose batch is gone from Redis. */
	public static void staleDeadBids(Jedis jedis, int n) {
		write(jedis, "STAL", n, (p, bid) -> p.sadd("batch-died", bid));
	}

	/** {@code b-<bid>-jids} sets without a TTL whose batch hash is gone. */
	public static void orphanedJids(Jedis jedis, int n) {
		write(jedis, "ORPH", n, (p, bid) -> p.sadd("b-" + bid + "-jids", "jid-" + bid));
	}

	/** Notify keys that already expire. */
	public static List<String> withTtl(Jedis jedis, int n) {
		return write(jedis, "HTTL", n, (p, bid) -> p.setex("b-" + bid + "-notify", THIRTY_DAYS, "2"));
	}

	/** Keys the sweep's pattern does not match. */
	public static void other(Jedis jedis, int n) {
		write(jedis, "OTHR", n, (p, bid) -> p.set("session:" + bid, "x"));
	}

	private interface Writer {

		void write(Pipeline pipeline, String bid);

	}

	private static List<String> write(Jedis jedis, String tag, int n, Writer writer) {
		List<String> notifyKeys = new ArrayList<>(n);
		try (Pipeline pipeline = jedis.pipelined()) {
			for (int i = 0; i < n; i++) {
				String bid = tag + String.format("%010d", NEXT.incrementAndGet());
				writer.write(pipeline, bid);
				notifyKeys.add("b-" + bid + "-notify");
			}
			pipeline.sync();
		}
		return notifyKeys;
	}

}
