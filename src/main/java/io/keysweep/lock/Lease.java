package io.keysweep.lock;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.keysweep.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * A held sweep lock. A daemon thread renews it every third of the lease, only while the key still holds this
 * holder's value; closing stops the renewals and deletes the key, again only if it is still this holder's.
 */
public final class Lease implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Lease.class);
    private static final String RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";
    private static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('DEL', KEYS[1]) end return 0";

    private final RedisConnector redis;
    private final String job;
    private final String key;
    private final String value;
    private final Duration lease;
    private final ScheduledExecutorService renewals;
    private Jedis jedis;
    private boolean failing;
    private volatile boolean lost;

    Lease(RedisConnector redis, String job, String key, String value, Duration lease) {
        this.redis = redis;
        this.job = job;
        this.key = key;
        this.value = value;
        this.lease = lease;
        this.renewals = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "keysweep-lock-renewal");
            thread.setDaemon(true);
            return thread;
        });
        long every = lease.toMillis() / 3;
        renewals.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * True once a renewal found the key gone or someone else's: the lease ran out (the process stalled, or Redis
     * lost the key) and another process may be sweeping. The sweep must stop.
     */
    public boolean lost() {
        return lost;
    }

    private void renew() {
        try {
            if (jedis == null) {
                jedis = redis.connect();
            }
            Object renewed = jedis.eval(RENEW, List.of(key), List.of(value, Long.toString(lease.toMillis())));
            failing = false;
            if (Long.valueOf(0).equals(renewed)) {
                lost = true;
                log.warn("Lost the lock {} on {} (its lease ran out): stopping the sweep of job '{}' at the next "
                        + "chunk boundary so that two sweeps never overlap", key, redis.endpoint(), job);
                renewals.shutdown();
            }
        } catch (RuntimeException e) {
            closeConnection();
            // the sweep itself reports an unreachable Redis; this only says, once, why the lease may run out
            if (!failing) {
                log.warn("Cannot renew the lock {}, which runs out {} s after its last renewal: {}", key,
                        lease.toSeconds(), redis.describe(e).getMessage());
            }
            failing = true;
        }
    }

    @Override
    public void close() {
        renewals.shutdownNow();
        try {
            // a renewal stuck on a dead socket keeps its connection; the daemon thread dies with the process
            if (renewals.awaitTermination(5, TimeUnit.SECONDS)) {
                closeConnection();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (lost) {
            return;
        }
        try (Jedis release = redis.connect()) {
            release.eval(RELEASE, List.of(key), List.of(value));
        } catch (RuntimeException e) {
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
