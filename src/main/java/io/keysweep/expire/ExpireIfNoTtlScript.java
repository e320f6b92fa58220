package io.keysweep.expire;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.keysweep.classify.Expiry;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * The same as {@code EXPIRE ... NX} for servers older than 7.0, as a Lua script: the check and the EXPIRE run
 * atomically on the server. Loaded once per connection and called by its SHA; {@link ExpiryWriter} reloads it
 * when the server answers NOSCRIPT (after a SCRIPT FLUSH or a restart).
 */
final class ExpireIfNoTtlScript implements ExpireCommand {

    private static final byte[] SCRIPT = ("if redis.call('PTTL', KEYS[1]) == -1 then "
            + "return redis.call('EXPIRE', KEYS[1], ARGV[1]) end return 0").getBytes(StandardCharsets.US_ASCII);

    private byte[] sha;

    @Override
    public void prepare(Jedis jedis) {
        sha = jedis.scriptLoad(SCRIPT);
    }

    @Override
    public Response<?> queue(Pipeline pipeline, Expiry expiry) {
        return pipeline.evalsha(sha, List.of(expiry.key()),
                List.of(Long.toString(expiry.ttlSeconds()).getBytes(StandardCharsets.US_ASCII)));
    }
}
