package io.keysweep.redis;

import java.time.Duration;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One dedicated connection that survives a blip: a round trip that fails transiently
 * (connection refused or broken, timeout, server still loading after a restart) is
 * retried on a new connection, a bounded number of times with exponential backoff.
 * Anything else, or the last failure, is thrown as one {@link RedisAccessException}
 * naming the endpoint.
 *
 * <p>
 * A round trip must be safe to repeat: it may have reached the server before the
 * connection broke.
 */
public final class RedisLink implements AutoCloseable {

	static final int RETRIES = 5;

	private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

	// 0.5 + 1 + 2 + 4 + 4 s: long enough to ride out a restart or a failover, short
	// enough to fail clearly
	private static final RetryPolicy POLICY = RetryPolicy.builder()
		.maxRetries(RETRIES)
		.delay(Duration.ofMillis(500))
		.multiplier(2)
		.maxDelay(Duration.ofSeconds(4))
		.predicate(e -> e instanceof RedisAccessException redis && redis.isTransient())
		.build();

	private final RedisConnector connector;

	private final RetryTemplate retry = new RetryTemplate(POLICY);

	private Jedis jedis;

	private ServerFacts facts;

	RedisLink(RedisConnector connector) {
		this.connector = connector;
		retry.setRetryListener(new RetryLogger());
	}

	/** Runs one round trip, connecting first if needed. */
	public <T> T call(Function<Jedis, T> roundTrip) {
		return retry.invoke(() -> attempt(roundTrip));
	}

	/**
	 * The facts of the server behind the connection, read when it was (re)opened: a new
	 * run_id means a restart.
	 */
	public ServerFacts facts() {
		return call(connected -> facts);
	}

	private <T> T attempt(Function<Jedis, T> roundTrip) {
		try {
			if (jedis == null) {
				jedis = connector.connect();
				facts = connector.facts(jedis);
			}
			return roundTrip.apply(jedis);
		}
		catch (JedisException e) {
			// a broken socket may still look open: start the next attempt on a fresh
			// connection
			close();
			throw connector.describe(e);
		}
		catch (RedisAccessException e) {
			close();
			throw e;
		}
	}

	@Override
	public void close() {
		if (jedis != null) {
			RedisConnector.closeQuietly(jedis);
			jedis = null;
		}
	}

	private static final class RetryLogger implements RetryListener {

		@Override
		public void onRetryableExecution(RetryPolicy policy, Retryable<?> retryable, RetryState state) {
			if (!state.isSuccessful() && state.getRetryCount() < RETRIES
					&& policy.shouldRetry(state.getLastException())) {
				log.warn("{} (retry {} of {})", state.getLastException().getMessage(), state.getRetryCount() + 1,
						RETRIES);
			}
		}

	}

}
