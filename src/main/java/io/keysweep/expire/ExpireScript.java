package io.keysweep.expire;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.keysweep.classify.Expiry;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;

/**
 * {@code EXPIRE ... NX} and {@code LT} for servers older than 7.0, as a Lua script: the check and the EXPIRE run
 * atomically on the server. As in Redis 7, a key without a TTL counts as expiring never, so LT sets it. Loaded once
 * per connection and called by its SHA; {@link ExpiryWriter} reloads it when the server answers NOSCRIPT.
 */
final class ExpireScript implements ExpireCommand {

    private static final byte[] SCRIPT = String.join("\n",
            "local pttl = redis.call('PTTL', KEYS[1])",
            "if pttl == -1 or (ARGV[2] == 'lt' and pttl > tonumber(ARGV[1]) * 1000) then",
            "  return redis.call('EXPIRE', KEYS[1], ARGV[1])",
            "end",
            "return 0").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NX = "nx".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LT = "lt".getBytes(StandardCharsets.US_ASCII);

    private byte[] sha;

    @Override
    public void prepare(Jedis jedis) {
        sha = jedis.scriptLoad(SCRIPT);
    }

    @Override
    public Response<?> queue(AbstractPipeline pipeline, Expiry expiry) {
        return pipeline.evalsha(sha, List.of(expiry.key()),
                List.of(Long.toString(expiry.ttlSeconds()).getBytes(StandardCharsets.US_ASCII),
                        expiry.clamp() ? LT : NX));
    }
}
