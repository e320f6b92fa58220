package io.keysweep.expire;

import io.keysweep.classify.Expiry;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;

/** How one conditional EXPIRE (NX, or LT to clamp) is sent in a pipeline. Answers 1 when it set one, else 0. */
interface ExpireCommand {

    /** Called once per connection before the first chunk. */
    void prepare(Jedis jedis);

    Response<?> queue(AbstractPipeline pipeline, Expiry expiry);
}
