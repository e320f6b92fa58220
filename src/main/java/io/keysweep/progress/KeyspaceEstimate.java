package io.keysweep.progress;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * How many keys a sweep will read, estimated before it starts: DBSIZE times the share of
 * a random sample of keys (RANDOMKEY, in one pipeline) that the pattern, and the TYPE
 * filter if any, lets through.
 */
final class KeyspaceEstimate {

	static final int SAMPLE = 500;

	private KeyspaceEstimate() {
	}

	/**
	 * @return the expected number of keys, or null when the sample holds none to go by
	 */
	static Long expectedKeys(Jedis jedis, String match, String type) {
		Response<Long> dbSize;
		List<Response<byte[]>> sample = new ArrayList<>(SAMPLE);
		try (Pipeline pipeline = jedis.pipelined()) {
			dbSize = pipeline.dbSize();
			for (int i = 0; i < SAMPLE; i++) {
				sample.add(pipeline.randomBinaryKey());
			}
			pipeline.sync();
		}
		if (dbSize.get() == 0) {
			return 0L;
		}
		RedisGlob glob = new RedisGlob(match.getBytes(StandardCharsets.UTF_8));
		List<byte[]> matching = new ArrayList<>();
		int drawn = 0;
		for (Response<byte[]> key : sample) {
			if (key.get() != null) {
				drawn++;
				if (glob.matches(key.get())) {
					matching.add(key.get());
				}
			}
		}
		long hits = type == null ? matching.size() : ofType(jedis, matching, type);
		if (drawn == 0 || hits == 0) {
			return null;
		}
		return Math.round((double) dbSize.get() * hits / drawn);
	}

	private static long ofType(Jedis jedis, List<byte[]> keys, String type) {
		List<Response<String>> types = new ArrayList<>(keys.size());
		try (Pipeline pipeline = jedis.pipelined()) {
			keys.forEach(k -> types.add(pipeline.type(k)));
			pipeline.sync();
		}
		return types.stream().filter(t -> type.equals(t.get())).count();
	}

}
