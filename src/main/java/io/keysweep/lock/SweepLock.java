package io.keysweep.lock;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.keysweep.failure.OperatorException;
import io.keysweep.redis.RedisConnector;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * One sweep of a job against one Redis at a time, across processes and hosts: the lock is a key in the swept
 * Redis database itself, {@code keysweep:lock:<job>}, taken with {@code SET NX PX} and held by a lease that the
 * holder keeps renewing. A holder that dies stops renewing, so its lock expires by itself; a lock that nobody
 * holds is proof that no living process sweeps the job.
 */
@Component
public class SweepLock {

    static final String KEY_PREFIX = "keysweep:lock:";
    private static final int ATTEMPTS = 3;

    private final RedisConnector redis;
    private final Duration lease;

    SweepLock(RedisConnector redis, @Value("${keysweep.lock.lease:30s}") Duration lease) {
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new OperatorException("keysweep.lock.lease must be at least 1s");
        }
        this.redis = redis;
        this.lease = lease;
    }

    /**
     * Takes the job's lock, or says who has it.
     *
     * @throws LockHeldException when another process holds it
     */
    public Lease acquire(String job) {
        String key = KEY_PREFIX + job;
        LockHolder me = new LockHolder(hostName(), ProcessHandle.current().pid(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), UUID.randomUUID().toString());
        // on a cluster, the node that owns the key's slot
        RedisConnector owner = redis.forKey(key);
        try (Jedis jedis = owner.connect()) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                if ("OK".equals(jedis.set(key, me.value(), SetParams.setParams().nx().px(lease.toMillis())))) {
                    return new Lease(owner, job, key, me.value(), lease);
                }
                String value = jedis.get(key);
                long pttl = jedis.pttl(key);
                if (value != null) {
                    throw held(job, key, value, pttl);
                }
                // released between the SET and the GET: try again
            }
        } catch (LockHeldException e) {
            throw e;
        } catch (RuntimeException e) {
            throw redis.describe(e);
        }
        throw new LockHeldException("cannot take the lock " + key + " on " + redis.endpoint()
                + ": it keeps changing hands");
    }

    private LockHeldException held(String job, String key, String value, long pttl) {
        String expiry = pttl < 0 ? "it never expires: delete it if no sweep is running"
                : "it expires in " + (pttl + 999) / 1000 + " s unless its holder renews it";
        LockHolder holder = LockHolder.parse(value);
        if (holder == null) {
            return new LockHeldException("the lock " + key + " on " + redis.endpoint()
                    + " holds a value keysweep did not write; " + expiry);
        }
        return new LockHeldException("job '" + job + "' is being swept against " + redis.endpoint() + " by pid "
                + holder.pid() + " on host " + holder.host() + " since " + holder.since() + " (lock " + key + "; "
                + expiry + ")");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnv = System.getenv("HOSTNAME");
            return fromEnv == null || fromEnv.isBlank() ? "unknown-host" : fromEnv;
        }
    }
}
