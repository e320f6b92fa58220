package io.keysweep.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.providers.ClusterConnectionProvider;

/**
 * Which master of a Redis Cluster owns which hash slot, learnt from the cluster itself
 * (Jedis asks a node for {@code CLUSTER SLOTS}) and learnt again after a {@code MOVED}.
 * Holds one small connection pool per node.
 */
public final class ClusterRouting implements AutoCloseable {

	/** Hash slots of a Redis Cluster. */
	public static final int SLOTS = 16_384;

	private final ClusterConnectionProvider provider;

	ClusterRouting(List<HostAndPort> seeds, JedisClientConfig config) {
		this.provider = new ClusterConnectionProvider(new LinkedHashSet<>(seeds), config);
	}

	ClusterConnectionProvider provider() {
		return provider;
	}

	HostAndPort masterOf(int slot) {
		HostAndPort node = provider.getNode(slot);
		if (node == null) {
			throw new RedisAccessException("no master of the Redis Cluster serves hash slot " + slot
					+ " (CLUSTER SLOTS): the cluster is not ok", false, true, null);
		}
		return node;
	}

	/** Each master and the slot ranges it owns ({from, to} inclusive), in slot order. */
	public Map<HostAndPort, List<int[]>> masters() {
		Map<HostAndPort, List<int[]>> masters = new LinkedHashMap<>();
		int from = 0;
		HostAndPort owner = masterOf(0);
		for (int slot = 1; slot <= SLOTS; slot++) {
			HostAndPort next = slot == SLOTS ? null : masterOf(slot);
			if (!owner.equals(next)) {
				masters.computeIfAbsent(owner, node -> new ArrayList<>()).add(new int[] { from, slot - 1 });
				from = slot;
				owner = next;
			}
		}
		return masters;
	}

	/**
	 * Each master and the slots it owns as a part of a sweep names them, e.g.
	 * {@code 0-5460} or {@code 0-99,5461-10922}: what a failover leaves as it is (the
	 * slots go with the promoted replica) and only a resharding changes.
	 */
	public Map<HostAndPort, String> slotsOfMasters() {
		Map<HostAndPort, String> slots = new LinkedHashMap<>();
		masters().forEach((node, ranges) -> slots.put(node,
				ranges.stream()
					.map(r -> r[0] == r[1] ? "" + r[0] : r[0] + "-" + r[1])
					.collect(Collectors.joining(","))));
		return slots;
	}

	/**
	 * Asks the cluster again which node owns which slot: after a MOVED, or a failover
	 * between runs.
	 */
	public void refresh() {
		provider.renewSlotCache();
	}

	@Override
	public void close() {
		provider.close();
	}

}
