package io.keysweep.lock;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.keysweep.failure.OperatorException;
import io.keysweep.redis.ClusterRouting;
import io.keysweep.redis.RedisAccessException;
import io.keysweep.redis.RedisConnector;
import io.keysweep.redis.Replication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * One sweep of a job against one Redis at a time, across processes and hosts: the lock is
 * a key in the swept Redis database itself, {@code keysweep:lock:<job>}, taken with
 * {@code SET NX PX} (in a script, see {@link #ACQUIRE}) and held by a lease that the
 * holder keeps renewing. A holder that dies stops renewing, so its lock expires by
 * itself; a lock that nobody holds is proof that no living process sweeps the job.
 *
 * <p>
 * A fleet's run of one master of a Redis Cluster (a part, see
 * {@link io.keysweep.batch.SweepParameters#masterSlots()}) holds a lock of that master's
 * own, {@code keysweep:lock:<job>:slot-<first slot>{<tag>}}, whose hash tag puts it on
 * that master: so each master of a cluster is swept by one process at a time, and the
 * masters by several at once.
 */
@Component
public class SweepLock {

	/**
	 * What every lock key starts with: keysweep's own keys, which an audit leaves out.
	 */
	public static final String KEY_PREFIX = "keysweep:lock:";

	/**
	 * SET NX PX in a script, so that a Redis at maxmemory (noeviction) can still be
	 * swept: Redis refuses SET there, but lets a script that has already written run to
	 * its end, and the PEXPIRE of the absent key first is such a write that changes
	 * nothing. The lock then takes its ~100 bytes beyond maxmemory until released.
	 */
	private static final String ACQUIRE = String.join("\n", "if redis.call('EXISTS', KEYS[1]) == 1 then",
			"  return false", "end", "redis.call('PEXPIRE', KEYS[1], ARGV[2])",
			"return redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])");

	private static final int ATTEMPTS = 3;

	private static final Logger log = LoggerFactory.getLogger(SweepLock.class);

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
	 * Takes the job's lock, or says who has it. A lock whose holder ran on this host and
	 * is provably gone (see {@link LockHolder#provablyGoneFor}) is taken over at once
	 * instead of waiting for its lease to run out.
	 * @param dryRun a dry run against a replica takes no lock: it writes nothing, and a
	 * replica takes no writes
	 * @throws LockHeldException when another process holds it
	 * @throws OperatorException when Redis is a replica (and this is no dry run), or does
	 * not let keysweep take or renew the lock (EVAL renamed, a command or the key pattern
	 * missing from the ACL)
	 */
	public Lease acquire(String job, boolean dryRun) {
		return acquire(job, null, dryRun);
	}

	/**
	 * Takes the lock of the job's run of one master of a cluster, the one that owns these
	 * slots (e.g. {@code 0-5460}); for null slots, the job's lock: see
	 * {@link #acquire(String, boolean)}.
	 */
	public Lease acquire(String job, String masterSlots, boolean dryRun) {
		String key = KEY_PREFIX + job + (masterSlots == null ? "" : masterKeySuffix(masterSlots));
		LockHolder me = new LockHolder(hostName(), ProcessHandle.current().pid(),
				Instant.now().truncatedTo(ChronoUnit.SECONDS), UUID.randomUUID().toString(), LockHolder.currentPids());
		// on a cluster, the node that owns the key's slot
		RedisConnector owner = redis.forKey(key);
		try (Jedis jedis = owner.connect()) {
			Replication replication = owner.replication(jedis);
			if (replication.replica()) {
				return onReplica(job, owner, replication, dryRun);
			}
			for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
				long setAt = System.nanoTime();
				if ("OK"
					.equals(jedis.eval(ACQUIRE, List.of(key), List.of(me.value(), Long.toString(lease.toMillis()))))) {
					return apart(job, masterSlots, renew(owner, jedis, job, key, me.value(), setAt));
				}
				String value = jedis.get(key);
				long pttl = jedis.pttl(key);
				LockHolder holder = value == null ? null : LockHolder.parse(value);
				if (holder != null && holder.provablyGoneFor(me)) {
					log.warn("The lock {} names pid {} on this host, which is gone: taking it over for job '{}'", key,
							holder.pid(), job);
					jedis.eval(Lease.RELEASE, List.of(key), List.of(value));
				}
				else if (value != null) {
					throw held(job, key, value, pttl);
				}
				// released between the SET and the GET, or taken over: try again
			}
		}
		catch (OperatorException e) {
			throw e;
		}
		catch (JedisDataException e) {
			throw unusable(owner, key, e);
		}
		catch (RuntimeException e) {
			throw redis.describe(e);
		}
		throw new LockHeldException(
				"cannot take the lock " + key + " on " + redis.endpoint() + ": it keeps changing hands");
	}

	/**
	 * The lease, once no run of the whole cluster holds the job's lock while this one is
	 * of a master, nor a run of a master while this one is of the whole cluster: else
	 * released again, and the other's lock said. Each side sets its lock before it looks
	 * for the other's, so that of two that start at once, one sees the other at least.
	 */
	private Lease apart(String job, String masterSlots, Lease lease) {
		ClusterRouting cluster = redis.cluster();
		if (cluster == null) {
			return lease;
		}
		List<String> others = masterSlots != null ? List.of(KEY_PREFIX + job)
				: cluster.slotsOfMasters()
					.values()
					.stream()
					.map(slots -> KEY_PREFIX + job + masterKeySuffix(slots))
					.toList();
		try {
			for (String other : others) {
				try (Jedis jedis = redis.forKey(other).connect()) {
					String value = jedis.get(other);
					if (value != null) {
						throw held(job, other, value, jedis.pttl(other));
					}
				}
			}
			return lease;
		}
		catch (RuntimeException e) {
			lease.close();
			throw e;
		}
	}

	/**
	 * {@code :slot-<first>{<tag>}}, the tag the first string of digits that hashes to the
	 * master's first slot: every process finds the same one.
	 */
	static String masterKeySuffix(String masterSlots) {
		int first = Integer.parseInt(masterSlots.split("[-,]", 2)[0]);
		int tag = 0;
		while (JedisClusterCRC16.getSlot(Integer.toString(tag)) != first) {
			tag++;
		}
		return ":slot-" + first + "{" + tag + "}";
	}

	private static Lease onReplica(String job, RedisConnector owner, Replication replication, boolean dryRun) {
		if (!dryRun) {
			throw new OperatorException("Redis at " + owner.endpoint() + " is a replica of " + replication.master()
					+ ": sweep the master (--redis-url redis://" + replication.master()
					+ "); a --dry-run works on the replica");
		}
		log.info("Redis at {} is a replica of {}: the dry run of job '{}' writes nothing there, not even its lock",
				owner.endpoint(), replication.master(), job);
		return Lease.none(job);
	}

	/**
	 * The lease of a lock just set; when it cannot be renewed, the lock deleted again and
	 * why.
	 */
	private Lease renew(RedisConnector owner, Jedis jedis, String job, String key, String value, long setAt) {
		try {
			return Lease.renewed(owner, jedis, job, key, value, lease);
		}
		catch (RuntimeException e) {
			// well within the lease of a key keysweep just set, nobody else can hold it:
			// a plain DEL is safe
			if (Duration.ofNanos(System.nanoTime() - setAt).compareTo(lease.dividedBy(2)) < 0) {
				try {
					jedis.del(key);
				}
				catch (RuntimeException refused) {
					// then it expires by itself within the lease
				}
			}
			throw e;
		}
	}

	/**
	 * Redis refused a lock command: the ACL or a renamed command, which the operator must
	 * fix.
	 */
	private RuntimeException unusable(RedisConnector owner, String key, JedisDataException e) {
		RedisAccessException described = owner.describe(e);
		if (described.isTransient()) {
			return described;
		}
		String said = described.getMessage();
		int args = said.indexOf(", with args beginning with");
		return new OperatorException(
				"cannot take and renew the lock " + key + ": " + (args < 0 ? said : said.substring(0, args))
						+ "; the lock needs EVAL, with EXISTS, SET, GET, PEXPIRE "
						+ "and DEL inside its scripts, on the key " + key + " (ACL: +eval and ~" + KEY_PREFIX + "*)",
				e);
	}

	private LockHeldException held(String job, String key, String value, long pttl) {
		String expiry = pttl < 0 ? "it never expires: delete it if no sweep is running"
				: "it expires in " + (pttl + 999) / 1000 + " s unless its holder renews it";
		LockHolder holder = LockHolder.parse(value);
		if (holder == null) {
			return new LockHeldException(
					"the lock " + key + " on " + redis.endpoint() + " holds a value keysweep did not write; " + expiry);
		}
		return new LockHeldException(
				"job '" + job + "' is being swept against " + redis.endpoint() + " by pid " + holder.pid() + " on host "
						+ holder.host() + " since " + holder.since() + " (lock " + key + "; " + expiry + ")");
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException e) {
			String fromEnv = System.getenv("HOSTNAME");
			return fromEnv == null || fromEnv.isBlank() ? "unknown-host" : fromEnv;
		}
	}

}
