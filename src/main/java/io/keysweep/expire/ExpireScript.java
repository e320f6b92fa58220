package io.keysweep.expire;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.keysweep.classify.Expiry;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;

/**
 * The conditional EXPIRE, as a Lua script that Redis runs atomically: it gives the key
 * its expiry only if the key is still of the type its page's lookup found and still has
 * no TTL (or, to clamp, a longer one). {@code EXPIRE NX} alone would also expire a key
 * deleted and re-created in between, of any type, which the decision was never about. As
 * in Redis 7, a key without a TTL counts as expiring never, so LT sets it. One call per
 * key, so that on a Redis Cluster every call has its one key's slot. Loaded once per
 * connection and called by its SHA; {@link ExpiryWriter} reloads it when the server
 * answers NOSCRIPT. Answers 1 when it set an expiry, else 0.
 */
final class ExpireScript {

	static final String SOURCE = String.join("\n", "if redis.call('TYPE', KEYS[1])['ok'] ~= ARGV[3] then", "  return 0",
			"end", "local pttl = redis.call('PTTL', KEYS[1])",
			"if pttl == -1 or (ARGV[2] == 'lt' and pttl > tonumber(ARGV[1]) * 1000) then",
			"  return redis.call('EXPIRE', KEYS[1], ARGV[1])", "end", "return 0");

	private static final byte[] NX = "nx".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] LT = "lt".getBytes(StandardCharsets.US_ASCII);

	private byte[] sha;

	/** Called once per connection before the first chunk, and again after a NOSCRIPT. */
	void prepare(Jedis jedis) {
		sha = jedis.scriptLoad(SOURCE.getBytes(StandardCharsets.US_ASCII));
	}

	Response<?> queue(AbstractPipeline pipeline, Expiry expiry) {
		return pipeline.evalsha(sha, List.of(expiry.key()),
				List.of(Long.toString(expiry.ttlSeconds()).getBytes(StandardCharsets.US_ASCII),
						expiry.clamp() ? LT : NX, expiry.type().getBytes(StandardCharsets.US_ASCII)));
	}

}
