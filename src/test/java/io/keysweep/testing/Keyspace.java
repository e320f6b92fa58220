package io.keysweep.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Reads a whole test keyspace: every key's serialized value and TTL, to prove what a
 * sweep did not touch.
 */
public final class Keyspace {

	private Keyspace() {
	}

	public record KeyState(ByteBuffer dump, long pttl) {
	}

	public static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Every key (as a ByteBuffer, so byte arrays compare by content) with its DUMP and
	 * PTTL.
	 */
	public static Map<ByteBuffer, KeyState> snapshot(Jedis jedis) {
		Map<ByteBuffer, KeyState> state = new HashMap<>();
		byte[] cursor = bytes("0");
		do {
			ScanResult<byte[]> page = jedis.scan(cursor, new ScanParams().count(1000));
			Map<byte[], Response<byte[]>> dumps = new HashMap<>();
			Map<byte[], Response<Long>> ttls = new HashMap<>();
			try (Pipeline pipeline = jedis.pipelined()) {
				for (byte[] key : page.getResult()) {
					dumps.put(key, pipeline.dump(key));
					ttls.put(key, pipeline.pttl(key));
				}
				pipeline.sync();
			}
			for (byte[] key : page.getResult()) {
				state.put(ByteBuffer.wrap(key),
						new KeyState(ByteBuffer.wrap(dumps.get(key).get()), ttls.get(key).get()));
			}
			cursor = page.getCursorAsBytes();
		}
		while (!"0".equals(new String(cursor, StandardCharsets.US_ASCII)));
		return state;
	}

	/** The snapshot without the given keys. */
	public static Map<ByteBuffer, KeyState> without(Map<ByteBuffer, KeyState> snapshot, List<byte[]> keys) {
		Map<ByteBuffer, KeyState> rest = new HashMap<>(snapshot);
		keys.forEach(k -> rest.remove(ByteBuffer.wrap(k)));
		return rest;
	}

	/**
	 * Whether two snapshots agree, TTLs within the given drift (they count down between
	 * the two reads).
	 */
	public static boolean sameExceptTtlDrift(Map<ByteBuffer, KeyState> before, Map<ByteBuffer, KeyState> after,
			long driftMillis) {
		if (!before.keySet().equals(after.keySet())) {
			return false;
		}
		for (Map.Entry<ByteBuffer, KeyState> entry : before.entrySet()) {
			KeyState then = entry.getValue();
			KeyState now = after.get(entry.getKey());
			if (!then.dump().equals(now.dump())) {
				return false;
			}
			boolean bothPersistent = then.pttl() == -1 && now.pttl() == -1;
			boolean bothCounting = then.pttl() >= 0 && now.pttl() >= 0 && now.pttl() <= then.pttl()
					&& then.pttl() - now.pttl() <= driftMillis;
			if (!bothPersistent && !bothCounting) {
				return false;
			}
		}
		return true;
	}

}
