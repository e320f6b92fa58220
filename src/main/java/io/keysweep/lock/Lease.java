package io.keysweep.lock;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.keysweep.redis.RedisAccessException;
import io.keysweep.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * A held sweep lock. A daemon thread renews it every third of the lease, only while the
 * key still holds this holder's value; closing stops the renewals and deletes the key,
 * again only if it is still this holder's.
 *
 * <p>
 * The lease counts as lost, and the sweep stops at its next chunk boundary, as soon as
 * keysweep cannot be sure it still holds the lock: the key is gone or someone else's,
 * Redis refused a renewal (a permission or a command taken away), or Redis was out of
 * reach for so long that the lease may run out before the next renewal.
 */
public final class Lease implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Lease.class);

	private static final String RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
			+ "return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";

	/**
	 * Deletes the key only while it holds the given value; DEL, unlike SET, is allowed to
	 * a Redis at maxmemory.
	 */
	static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
			+ "return redis.call('DEL', KEYS[1]) end return 0";

	private final RedisConnector redis;

	private final String job;

	private final String key;

	private final String value;

	private final Duration lease;

	private final ScheduledExecutorService renewals;

	private Jedis jedis;

	private boolean failing;

	/**
	 * System.nanoTime() when the last renewal that succeeded was sent: the lease lasts
	 * from then at least.
	 */
	private long renewedAt;

	private volatile boolean lost;

	private Lease(RedisConnector redis, String job, String key, String value, Duration lease) {
		this.redis = redis;
		this.job = job;
		this.key = key;
		this.value = value;
		this.lease = lease;
		this.renewals = redis == null ? null : Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "keysweep-lock-renewal");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * The lease of a lock just set: renewed once at once, so that a lock Redis will not
	 * let keysweep renew (EVAL renamed, a permission missing) is found before the sweep
	 * starts, and then every third of the lease.
	 * @throws RuntimeException what the first renewal met; the key is still set then, the
	 * caller deletes it
	 */
	static Lease renewed(RedisConnector redis, Jedis jedis, String job, String key, String value, Duration lease) {
		long sent = System.nanoTime();
		if (!Long.valueOf(1).equals(jedis.eval(RENEW, List.of(key), List.of(value, Long.toString(lease.toMillis()))))) {
			throw new IllegalStateException("the lock " + key + " was gone right after keysweep set it");
		}
		Lease held = new Lease(redis, job, key, value, lease);
		held.renewedAt = sent;
		long every = lease.toMillis() / 3;
		held.renewals.scheduleWithFixedDelay(held::renew, every, every, TimeUnit.MILLISECONDS);
		return held;
	}

	/**
	 * No lock at all: for a dry run against a replica, where keysweep writes nothing, not
	 * even a lock.
	 */
	static Lease none(String job) {
		return new Lease(null, job, null, null, Duration.ZERO);
	}

	/**
	 * False for {@link #none}: then nothing proves that no other process sweeps the job.
	 */
	public boolean held() {
		return redis != null;
	}

	/**
	 * True once keysweep can no longer be sure it holds the lock (see the class comment):
	 * another process may be sweeping. The sweep must stop.
	 */
	public boolean lost() {
		return lost;
	}

	private void renew() {
		try {
			if (jedis == null) {
				jedis = redis.connect();
			}
			long sent = System.nanoTime();
			Object renewed = jedis.eval(RENEW, List.of(key), List.of(value, Long.toString(lease.toMillis())));
			if (Long.valueOf(0).equals(renewed)) {
				lose("Lost the lock " + key + " on " + redis.endpoint() + " (its lease ran out)");
				return;
			}
			renewedAt = sent;
			failing = false;
		}
		catch (RuntimeException e) {
			closeConnection();
			RedisAccessException cause = redis.describe(e);
			long every = lease.toMillis() / 3;
			if (!cause.isTransient()) {
				lose("Cannot renew the lock " + key + ", so it is not held: " + cause.getMessage());
			}
			else if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - renewedAt) + every >= lease.toMillis()) {
				lose("Cannot renew the lock " + key + ", whose lease may run out before the next attempt: "
						+ cause.getMessage());
			}
			else if (!failing) {
				// the sweep itself reports an unreachable Redis; this only says, once,
				// why the lease may run out
				log.warn("Cannot renew the lock {}, which runs out {} s after its last renewal: {}", key,
						lease.toSeconds(), cause.getMessage());
			}
			failing = true;
		}
	}

	private void lose(String why) {
		lost = true;
		log.warn("{}; stopping the sweep of job '{}' at the next chunk boundary so that two sweeps never overlap", why,
				job);
		renewals.shutdown();
	}

	@Override
	public void close() {
		if (!held()) {
			return;
		}
		renewals.shutdownNow();
		try {
			// a renewal stuck on a dead socket keeps its connection; the daemon thread
			// dies with the process
			if (renewals.awaitTermination(5, TimeUnit.SECONDS)) {
				closeConnection();
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		if (lost) {
			return;
		}
		try (Jedis release = redis.connect()) {
			release.eval(RELEASE, List.of(key), List.of(value));
		}
		catch (RuntimeException e) {
			log.warn("Cannot release the lock {}; it expires within {} s: {}", key, lease.toSeconds(),
					redis.describe(e).getMessage());
		}
	}

	private void closeConnection() {
		if (jedis != null) {
			RedisConnector.closeQuietly(jedis);
			jedis = null;
		}
	}

}
