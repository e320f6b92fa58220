package io.keysweep.expire;

import java.util.ArrayList;
import java.util.List;

import io.keysweep.classify.Expiry;
import io.keysweep.redis.RedisConnector;
import io.keysweep.redis.RedisLink;
import io.keysweep.tally.SweepCounts;
import io.keysweep.tally.SweepTally;
import io.keysweep.throttle.LatencyGuard;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Gives a whole chunk its expiries in one pipeline, each only if the key is still of the
 * type it was looked up with and still has no TTL (or, to clamp, a longer one):
 * {@link ExpireScript}, on every Redis version. A key that changed meanwhile is left as
 * it is and counted. A chunk whose pipeline broke is sent again whole on a new
 * connection: the condition makes that harmless.
 */
public class ExpiryWriter implements ItemStreamWriter<Expiry> {

	private final RedisConnector redis;

	private final SweepTally tally;

	private final LatencyGuard latency;

	private RedisLink link;

	private final ExpireScript command = new ExpireScript();

	/**
	 * @param latency told how long each chunk's pipeline took
	 */
	public ExpiryWriter(RedisConnector redis, SweepTally tally, LatencyGuard latency) {
		this.redis = redis;
		this.tally = tally;
		this.latency = latency;
	}

	@Override
	public void open(ExecutionContext context) {
		link = redis.link();
		link.call(jedis -> {
			command.prepare(jedis);
			return null;
		});
	}

	@Override
	public void write(Chunk<? extends Expiry> chunk) {
		List<? extends Expiry> pending = chunk.getItems();
		link.call(jedis -> {
			List<Expiry> noScript = send(jedis, pending);
			if (!noScript.isEmpty()) {
				command.prepare(jedis);
				if (!send(jedis, noScript).isEmpty()) {
					throw new IllegalStateException("the server keeps losing keysweep's script (NOSCRIPT)");
				}
			}
			return null;
		});
	}

	/**
	 * Sends the expiries in one pipeline, counts the answers, and returns those the
	 * server had no script for.
	 */
	private List<Expiry> send(Jedis jedis, List<? extends Expiry> expiries) {
		List<Response<?>> answers = new ArrayList<>(expiries.size());
		try (AbstractPipeline pipeline = redis.pipelined(jedis)) {
			for (Expiry expiry : expiries) {
				answers.add(command.queue(pipeline, expiry));
			}
			long start = System.nanoTime();
			pipeline.sync();
			latency.took(System.nanoTime() - start);
		}
		List<Expiry> noScript = new ArrayList<>();
		long expired = 0;
		long changed = 0;
		for (int i = 0; i < answers.size(); i++) {
			try {
				if (((Long) answers.get(i).get()) == 1L) {
					expired++;
				}
				else {
					changed++;
				}
			}
			catch (JedisNoScriptException e) {
				noScript.add(expiries.get(i));
			}
		}
		tally.add(SweepCounts.EXPIRED, expired);
		tally.add(SweepCounts.CHANGED_MEANWHILE, changed);
		return noScript;
	}

	@Override
	public void close() {
		if (link != null) {
			link.close();
			link = null;
		}
	}

}
