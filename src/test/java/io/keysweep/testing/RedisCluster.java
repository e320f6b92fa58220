package io.keysweep.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.params.MigrateParams;

/**
 * A real Redis Cluster of redis-server processes started by the test: masters that share
 * the 16,384 hash slots evenly, and optionally a replica of the first master. Slots are
 * given with {@code CLUSTER ADDSLOTS}, one call per master. Each node's bus port is
 * chosen too (Redis 7's {@code cluster-port}, given again to {@code CLUSTER
 * MEET}), as port + 10,000 may be taken or above 65,535; so the cluster needs the Redis 7
 * on PATH.
 */
public final class RedisCluster implements AutoCloseable {

	private static final int SLOTS = 16_384;

	private final List<RedisServer> masters = new ArrayList<>();

	private RedisServer replica;

	private int firstBusPort;

	private RedisCluster() {
	}

	/**
	 * {@code n} masters, joined and with every slot assigned; returns once every node
	 * says cluster_state:ok.
	 */
	public static RedisCluster start(int n, boolean withReplica) throws IOException {
		RedisCluster cluster = new RedisCluster();
		try {
			for (int i = 0; i < n; i++) {
				int busPort = RedisServer.freePort();
				RedisServer master = node(busPort);
				cluster.masters.add(master);
				if (i == 0) {
					cluster.firstBusPort = busPort;
				}
				int from = SLOTS * i / n;
				int to = SLOTS * (i + 1) / n;
				try (Jedis jedis = master.client()) {
					jedis.clusterAddSlots(IntStream.range(from, to).toArray());
				}
			}
			if (withReplica) {
				cluster.replica = node(RedisServer.freePort());
			}
			for (RedisServer node : cluster.nodes()) {
				try (Jedis jedis = node.client()) {
					jedis.sendCommand(Protocol.Command.CLUSTER, "MEET", "127.0.0.1",
							String.valueOf(cluster.masters.get(0).port()), String.valueOf(cluster.firstBusPort));
				}
			}
			cluster.awaitOk();
			if (withReplica) {
				String masterId;
				try (Jedis jedis = cluster.masters.get(0).client()) {
					masterId = jedis.clusterMyId();
				}
				try (Jedis jedis = cluster.replica.client()) {
					awaitTrue(() -> jedis.clusterNodes().contains(masterId));
					jedis.clusterReplicate(masterId);
					awaitTrue(() -> jedis.info("replication").contains("master_link_status:up"));
				}
			}
			return cluster;
		}
		catch (RuntimeException e) {
			cluster.close();
			throw e;
		}
	}

	private static RedisServer node(int busPort) {
		return RedisServer.latest("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
				"--cluster-node-timeout", "2000", "--cluster-port", String.valueOf(busPort));
	}

	private List<RedisServer> nodes() {
		List<RedisServer> nodes = new ArrayList<>(masters);
		if (replica != null) {
			nodes.add(replica);
		}
		return nodes;
	}

	private void awaitOk() {
		for (RedisServer node : nodes()) {
			try (Jedis jedis = node.client()) {
				awaitTrue(() -> jedis.clusterInfo().contains("cluster_state:ok")
						&& jedis.clusterInfo().contains("cluster_known_nodes:" + nodes().size()));
			}
		}
	}

	public List<RedisServer> masters() {
		return masters;
	}

	/** The replica of the first master. */
	public RedisServer replica() {
		return replica;
	}

	/**
	 * Makes the replica the master of the first master's slots
	 * ({@code CLUSTER FAILOVER}), and waits for it.
	 */
	public void failOver() {
		try (Jedis jedis = replica.client()) {
			jedis.clusterFailover();
			awaitTrue(() -> jedis.info("replication").contains("role:master"));
		}
		try (Jedis jedis = masters.get(0).client()) {
			awaitTrue(() -> jedis.info("replication").contains("role:slave"));
		}
		// every node must know the new master before a sweep asks any of them for the
		// slot map
		for (RedisServer node : masters) {
			try (Jedis jedis = node.client()) {
				awaitTrue(() -> jedis.clusterNodes()
					.lines()
					.anyMatch(line -> line.contains(":" + replica.port() + "@") && line.contains("master")));
			}
		}
		awaitOk();
	}

	/**
	 * Moves a hash slot and its keys from one master to another, as
	 * {@code redis-cli --cluster reshard} does: afterwards the old owner answers MOVED
	 * for its keys.
	 */
	public void moveSlot(int slot, RedisServer from, RedisServer to) {
		try (Jedis source = from.client(); Jedis target = to.client()) {
			String sourceId = source.clusterMyId();
			String targetId = target.clusterMyId();
			target.clusterSetSlotImporting(slot, sourceId);
			source.clusterSetSlotMigrating(slot, targetId);
			List<String> keys = source.clusterGetKeysInSlot(slot, 10_000);
			if (!keys.isEmpty()) {
				source.migrate("127.0.0.1", to.port(), 0, 5_000, new MigrateParams(), keys.toArray(String[]::new));
			}
			for (RedisServer master : masters) {
				try (Jedis jedis = master.client()) {
					jedis.clusterSetSlotNode(slot, targetId);
				}
			}
		}
	}

	/** Where keysweep is pointed: any one node. */
	public String url() {
		return masters.get(masters.size() - 1).url();
	}

	/** A client that sends each key's commands to the master that owns its slot. */
	public JedisCluster client() {
		return new JedisCluster(new HostAndPort("127.0.0.1", masters.get(0).port()));
	}

	private static void awaitTrue(BooleanSupplier condition) {
		long deadline = System.nanoTime() + 30_000_000_000L;
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the test cluster did not get ready in 30 s");
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}
	}

	@Override
	public void close() {
		nodes().forEach(RedisServer::close);
	}

}
