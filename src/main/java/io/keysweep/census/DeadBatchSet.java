package io.keysweep.census;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.keysweep.redis.RedisConnector;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Sidekiq Pro's dead-batch set ({@code [namespace:]batch-died}, a SET of bids) as an
 * audit found it: its size, and how many of its bids still have their {@code b-<bid>}
 * hash, which are the dead batches. The rest are bids of batches gone from Redis, which
 * the set keeps until something removes them.
 *
 * @param key the set's name
 * @param size its members (SCARD)
 * @param ofBatchesInRedis members whose batch hash exists
 */
public record DeadBatchSet(String key, long size, long ofBatchesInRedis) {

	/** Sidekiq Pro's name of the set, after a redis-namespace prefix if any. */
	static final String NAME = "batch-died";

	private static final int PAGE = 1_000;

	/**
	 * Reads the dead-batch sets the census counted (their names have no id, so their
	 * patterns are their names): SSCAN of each, with one pipelined EXISTS per page of
	 * bids. Read-only; once per audit, after its SCAN.
	 */
	public static List<DeadBatchSet> measure(RedisConnector redis, Census census) {
		List<DeadBatchSet> sets = new ArrayList<>();
		for (PatternRow row : census.rows()) {
			String name = row.pattern();
			if (name.equals(NAME) || name.endsWith(":" + NAME)) {
				sets.add(measure(redis.forKey(name), name));
			}
		}
		return sets;
	}

	private static DeadBatchSet measure(RedisConnector redis, String key) {
		String namespace = key.substring(0, key.length() - NAME.length());
		byte[] set = key.getBytes(StandardCharsets.UTF_8);
		long size = 0;
		long withBatch = 0;
		try (Jedis jedis = redis.connect()) {
			byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
			do {
				ScanResult<byte[]> page = jedis.sscan(set, cursor, new ScanParams().count(PAGE));
				List<Response<Boolean>> exists = new ArrayList<>(page.getResult().size());
				try (AbstractPipeline pipeline = redis.pipelined(jedis)) {
					for (byte[] bid : page.getResult()) {
						exists.add(pipeline.exists(batchHash(namespace, bid)));
					}
					pipeline.sync();
				}
				size += exists.size();
				withBatch += exists.stream().filter(Response::get).count();
				cursor = page.getCursorAsBytes();
			}
			while (!ScanParams.SCAN_POINTER_START.equals(new String(cursor, StandardCharsets.US_ASCII)));
		}
		return new DeadBatchSet(key, size, withBatch);
	}

	private static byte[] batchHash(String namespace, byte[] bid) {
		byte[] prefix = (namespace + "b-").getBytes(StandardCharsets.UTF_8);
		byte[] hash = new byte[prefix.length + bid.length];
		System.arraycopy(prefix, 0, hash, 0, prefix.length);
		System.arraycopy(bid, 0, hash, prefix.length, bid.length);
		return hash;
	}

	/** Bids of batches gone from Redis, which the set still holds. */
	public long stale() {
		return size - ofBatchesInRedis;
	}

	/** One line per set, tab-separated, as the job's ExecutionContext holds them. */
	public static String encode(List<DeadBatchSet> sets) {
		StringBuilder text = new StringBuilder();
		sets.forEach(s -> text.append(s.key)
			.append('\t')
			.append(s.size)
			.append('\t')
			.append(s.ofBatchesInRedis)
			.append('\n'));
		return text.toString();
	}

	public static List<DeadBatchSet> decode(String text) {
		List<DeadBatchSet> sets = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (!line.isEmpty()) {
				String[] f = line.split("\t");
				sets.add(new DeadBatchSet(f[0], Long.parseLong(f[1]), Long.parseLong(f[2])));
			}
		}
		return sets;
	}

}
