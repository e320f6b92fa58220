package io.keysweep.demo;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

/**
 * A Sidekiq Pro keyspace to sweep: batches in every state, among the keys of the rest of
 * an application. Deterministic: batch {@code i} is always in the same state with the
 * same bid, so runs and benchmarks compare.
 *
 * <p>
 * Per ten batches: three live (hash and notify key both with Pro's 30-day TTL: nothing to
 * do), three whose notify key leaked after the status was deleted (no hash, no TTL), one
 * deleted and one succeeded through the API (hash with {@code deleted} 1 or 2 and a day
 * to linger, notify key without TTL), one dead (hash for 180 days, bid in
 * {@code batch-died}, notify key without TTL) and one live whose notify key lost its TTL.
 * Every batch also comes with four keys of the application: a cache entry with a TTL, a
 * session without one, a stat counter and a queue. About 5.7 keys per batch in all, 0.7
 * of them matching {@code b-*-notify} without a TTL.
 */
public final class DemoKeyspace {

	/** Notify keys per ten batches that have no TTL: what a sweep gives an expiry. */
	public static final int LEAKING_PER_TEN = 7;

	private static final long DAY = 86_400;

	private static final int COMMANDS_PER_ROUND_TRIP = 10_000;

	private static final char[] URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		.toCharArray();

	private static final SetParams THIRTY_DAYS = SetParams.setParams().ex(30 * DAY);

	private static final SetParams ONE_HOUR = SetParams.setParams().ex(3_600);

	private DemoKeyspace() {
	}

	/**
	 * Writes {@code batches} batches and their neighbours, pipelined, a few thousand
	 * commands a round trip.
	 */
	public static void seed(Jedis jedis, int batches) {
		int queued = 0;
		Pipeline pipeline = jedis.pipelined();
		for (int i = 0; i < batches; i++) {
			queued += batch(pipeline, i) + neighbours(pipeline, i);
			if (queued >= COMMANDS_PER_ROUND_TRIP) {
				pipeline.sync();
				queued = 0;
			}
		}
		pipeline.sync();
	}

	/**
	 * Notify keys without a TTL in a keyspace of that many batches: what a sweep of it
	 * expires.
	 */
	public static long leakedNotifyKeys(int batches) {
		long leaking = (long) (batches / 10) * LEAKING_PER_TEN;
		for (int i = batches / 10 * 10; i < batches; i++) {
			leaking += leaks(i) ? 1 : 0;
		}
		return leaking;
	}

	private static boolean leaks(int i) {
		return i % 10 >= 3;
	}

	/**
	 * @return commands queued
	 */
	private static int batch(Pipeline p, int i) {
		String hash = "b-" + bid(i);
		String notify = hash + "-notify";
		String now = Long.toString(1_700_000_000L + i);
		switch (i % 10) {
			case 0, 1, 2 -> {
				p.hset(hash, Map.of("total", "10", "pending", "4", "created_at", now));
				p.expire(hash, 30 * DAY);
				p.set(notify, "1", THIRTY_DAYS);
				return 3;
			}
			case 3, 4, 5 -> {
				p.set(notify, "1");
				return 1;
			}
			case 6, 7 -> {
				p.hset(hash,
						Map.of("total", "10", "pending", "0", "created_at", now, "deleted", i % 10 == 6 ? "1" : "2"));
				p.expire(hash, DAY);
				p.set(notify, "2");
				return 3;
			}
			case 8 -> {
				p.hset(hash, Map.of("total", "10", "pending", "3", "created_at", now));
				p.expire(hash, 180 * DAY);
				p.sadd("batch-died", bid(i));
				p.set(notify, "1");
				return 4;
			}
			default -> {
				p.hset(hash, Map.of("total", "10", "pending", "7", "created_at", now));
				p.expire(hash, 30 * DAY);
				p.set(notify, "1");
				return 3;
			}
		}
	}

	private static int neighbours(Pipeline p, int i) {
		p.set("cache:user:" + i, "{\"id\":" + i + "}", ONE_HOUR);
		p.set("session:" + bid(i), "{\"user\":" + i + "}");
		p.incrBy("stat:processed:" + i, 1 + i % 7);
		p.rpush("queue:" + i, "{\"class\":\"HardJob\",\"args\":[" + i + "]}");
		return 4;
	}

	/**
	 * A 14-character URL-safe bid like Pro's, unique per index, spread over the alphabet.
	 */
	static String bid(int i) {
		byte[] out = new byte[14];
		long x = (i + 1) * 0x9E3779B97F4A7C15L;
		for (int k = 0; k < out.length; k++) {
			// overlapping 6-bit windows of bits 0 to 57: an odd multiplier keeps them
			// unique below 2^58 batches
			out[k] = (byte) URL_SAFE[(int) ((x >>> (k * 4)) & 63)];
		}
		return new String(out, StandardCharsets.US_ASCII);
	}

}
