package io.keysweep.expire;

import io.keysweep.classify.Expiry;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.ExpiryOption;

/** {@code EXPIRE key seconds NX}, or {@code LT} to clamp: Redis 7.0 and later. */
final class ExpireWithOptions implements ExpireCommand {

    @Override
    public void prepare(Jedis jedis) {
        // nothing to load
    }

    @Override
    public Response<?> queue(AbstractPipeline pipeline, Expiry expiry) {
        return pipeline.expire(expiry.key(), expiry.ttlSeconds(), expiry.clamp() ? ExpiryOption.LT : ExpiryOption.NX);
    }
}
