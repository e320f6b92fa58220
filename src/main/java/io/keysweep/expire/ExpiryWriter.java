package io.keysweep.expire;

import java.util.ArrayList;
import java.util.List;

import io.keysweep.classify.Expiry;
import io.keysweep.redis.RedisConnector;
import io.keysweep.redis.RedisLink;
import io.keysweep.tally.SweepCounts;
import io.keysweep.tally.SweepTally;
import io.keysweep.throttle.CommandBudget;
import io.keysweep.throttle.CommandTiming;
import io.keysweep.throttle.LatencyGuard;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Gives a chunk its expiries in pipelines, each only if the key is still of the type it
 * was looked up with and still has no TTL (or, to clamp, a longer one):
 * {@link ExpireScript}, on every Redis version. A key that changed meanwhile is left as
 * it is and counted. A pipeline whose connection broke is sent again on a new one: the
 * condition makes that harmless.
 *
 * <p>
 * Each call of the script is short, but Redis runs what arrives of one connection's
 * pipeline before it turns to another client: a chunk's 2000 calls in one pipeline held
 * Redis for several milliseconds in stretches of about one. So a chunk goes in windows
 * sized by a {@link CommandBudget} to {@code max-command-time}, learnt from each window's
 * round trip and Redis's own time on the script, one window answered before the next is
 * sent.
 */
public class ExpiryWriter implements ItemStreamWriter<Expiry> {

	private final RedisConnector redis;

	private final SweepTally tally;

	private final LatencyGuard latency;

	private RedisLink link;

	private final ExpireScript command = new ExpireScript();

	private final CommandBudget windows;

	private final CommandTiming timing;

	/**
	 * @param latency told how long each pipeline took
	 * @param windows sizes each pipeline: its units are calls of the script
	 */
	public ExpiryWriter(RedisConnector redis, SweepTally tally, LatencyGuard latency, CommandBudget windows) {
		this.redis = redis;
		this.tally = tally;
		this.latency = latency;
		this.windows = windows;
		this.timing = new CommandTiming(windows, "evalsha");
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
		List<? extends Expiry> expiries = chunk.getItems();
		for (int from = 0; from < expiries.size();) {
			List<? extends Expiry> window = expiries.subList(from, Math.min(expiries.size(), from + windows.count()));
			// a round trip per window: one whose connection broke is sent again alone, so
			// the windows answered before it are counted once
			link.call(jedis -> {
				List<Expiry> noScript = send(jedis, window);
				if (!noScript.isEmpty()) {
					command.prepare(jedis);
					if (!send(jedis, noScript).isEmpty()) {
						throw new IllegalStateException("the server keeps losing keysweep's script (NOSCRIPT)");
					}
				}
				return null;
			});
			from += window.size();
		}
	}

	/**
	 * Sends the expiries in one pipeline, counts the answers, and returns those the
	 * server had no script for.
	 */
	private List<Expiry> send(Jedis jedis, List<? extends Expiry> window) {
		List<Response<?>> answers = timing.call(jedis, window.size(), () -> sendWindow(jedis, window));
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
				noScript.add(window.get(i));
			}
		}
		tally.add(SweepCounts.EXPIRED, expired);
		tally.add(SweepCounts.CHANGED_MEANWHILE, changed);
		return noScript;
	}

	private List<Response<?>> sendWindow(Jedis jedis, List<? extends Expiry> window) {
		List<Response<?>> answers = new ArrayList<>(window.size());
		try (AbstractPipeline pipeline = redis.pipelined(jedis)) {
			for (Expiry expiry : window) {
				answers.add(command.queue(pipeline, expiry));
			}
			long start = System.nanoTime();
			pipeline.sync();
			latency.took(System.nanoTime() - start);
		}
		return answers;
	}

	@Override
	public void close() {
		if (link != null) {
			link.close();
			link = null;
		}
	}

}
