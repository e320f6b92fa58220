package io.keysweep.redis;

import java.util.List;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Opens dedicated Jedis connections to one endpoint. Each reader and writer owns its
 * connection, so a SCAN and a write pipeline never wait on each other's socket.
 *
 * <p>
 * When the server is a node of a Redis Cluster, {@link #cluster()} says so, and the
 * connector of each master ({@link #forNode}) opens pipelines that send every key's
 * commands to the node that owns its slot.
 */
public class RedisConnector implements AutoCloseable {

	private static final int CONNECT_TIMEOUT_MS = 2_000;

	private static final int SOCKET_TIMEOUT_MS = 10_000;

	private final RedisEndpoint endpoint;

	/** What the job repository and reports call this Redis: see {@link #target()}. */
	private final String target;

	private final TlsSettings tls;

	private final JedisClientConfig config;

	/**
	 * Shared by the connectors of one cluster's nodes; created at the first
	 * {@link #cluster()} that finds one.
	 */
	private volatile ClusterRouting cluster;

	private boolean clusterChecked;

	/**
	 * The connector made from the URL owns the cluster's connections; those of single
	 * nodes share them.
	 */
	private final boolean owner;

	public RedisConnector(RedisEndpoint endpoint, TlsSettings tls) {
		this(endpoint.toString(), endpoint, tls, null);
	}

	/**
	 * @param target the name of a target in a targets file, by which the job repository
	 * knows this Redis's runs
	 */
	public RedisConnector(String target, RedisEndpoint endpoint, TlsSettings tls) {
		this(target, endpoint, tls, null);
	}

	private RedisConnector(String target, RedisEndpoint endpoint, TlsSettings tls, ClusterRouting cluster) {
		this.endpoint = endpoint;
		this.target = target;
		this.tls = tls;
		this.cluster = cluster;
		this.clusterChecked = cluster != null;
		this.owner = cluster == null;
		this.config = DefaultJedisClientConfig.builder()
			.user(endpoint.username())
			.password(endpoint.password())
			.database(endpoint.database())
			.ssl(endpoint.tls())
			.sslSocketFactory(endpoint.tls() ? tls.socketFactory(CONNECT_TIMEOUT_MS) : null)
			.connectionTimeoutMillis(CONNECT_TIMEOUT_MS)
			.socketTimeoutMillis(SOCKET_TIMEOUT_MS)
			.clientName("keysweep")
			.build();
	}

	/** A connector to another database of the same server. */
	public RedisConnector forDatabase(int db) {
		return db == endpoint.database() ? this : new RedisConnector(target, endpoint.withDatabase(db), tls);
	}

	public RedisEndpoint endpoint() {
		return endpoint;
	}

	/**
	 * The Redis target a run records (job parameter {@code redis}) and is known by: the
	 * target's name when it comes from a targets file, else host:port/db. Never
	 * credentials.
	 */
	public String target() {
		return target;
	}

	/**
	 * The cluster this server is a node of ({@code INFO cluster} says
	 * {@code cluster_enabled:1}), or null for a standalone server. Asked once.
	 */
	public synchronized ClusterRouting cluster() {
		if (!clusterChecked) {
			try (Jedis jedis = connect()) {
				if (jedis.info("cluster").contains("cluster_enabled:1")) {
					cluster = new ClusterRouting(endpoint.seeds(), config);
				}
			}
			catch (RuntimeException e) {
				throw describe(e);
			}
			clusterChecked = true;
		}
		return cluster;
	}

	/** A connector to one node of this connector's cluster. */
	public RedisConnector forNode(HostAndPort node) {
		return new RedisConnector(target, endpoint.at(node), tls, cluster());
	}

	/**
	 * The connector of the server that holds this key: this one, unless Redis is a
	 * cluster.
	 */
	public RedisConnector forKey(String key) {
		ClusterRouting routing = cluster();
		return routing == null ? this : forNode(routing.masterOf(JedisClusterCRC16.getSlot(key)));
	}

	/**
	 * A pipeline on this connection; on a cluster node, one that groups the commands by
	 * the node owning each key's slot and sends one pipeline per node, so that a key and
	 * its companion on another node both work.
	 */
	public AbstractPipeline pipelined(Jedis jedis) {
		return cluster == null ? jedis.pipelined() : new ClusterPipeline(cluster.provider());
	}

	@Override
	public synchronized void close() {
		if (owner && cluster != null) {
			cluster.close();
		}
	}

	/** A connected, authenticated connection; the caller closes it. */
	public Jedis connect() {
		if (endpoint.viaSentinel()) {
			return connect(address());
		}
		List<HostAndPort> seeds = endpoint.seeds();
		for (int i = 0; i < seeds.size() - 1; i++) {
			try {
				return connect(seeds.get(i));
			}
			catch (RedisAccessException e) {
				if (!(e.getCause() instanceof JedisConnectionException)) {
					throw e;
				}
				// down: try the next node listed
			}
		}
		return connect(seeds.get(seeds.size() - 1));
	}

	private Jedis connect(HostAndPort address) {
		Jedis jedis = null;
		try {
			jedis = new Jedis(address, config);
			jedis.ping();
			return jedis;
		}
		catch (RuntimeException e) {
			if (jedis != null) {
				jedis.close();
			}
			throw describe(e);
		}
	}

	/**
	 * Where the master is: asked of the sentinels each time, so a new connection follows
	 * a failover. A sentinel that is down is passed over; one that refuses keysweep's
	 * sentinel credentials is not, for the others share its configuration.
	 */
	private HostAndPort address() {
		JedisClientConfig sentinelConfig = DefaultJedisClientConfig.builder()
			.user(endpoint.sentinelUsername())
			.password(endpoint.sentinelPassword())
			.ssl(endpoint.tls())
			.sslSocketFactory(endpoint.tls() ? tls.socketFactory(CONNECT_TIMEOUT_MS) : null)
			.connectionTimeoutMillis(CONNECT_TIMEOUT_MS)
			.socketTimeoutMillis(SOCKET_TIMEOUT_MS)
			.build();
		for (HostAndPort sentinel : endpoint.sentinels()) {
			try (Jedis jedis = new Jedis(sentinel, sentinelConfig)) {
				List<String> master = jedis.sentinelGetMasterAddrByName(endpoint.masterName());
				if (master != null && master.size() == 2) {
					return new HostAndPort(master.get(0), Integer.parseInt(master.get(1)));
				}
			}
			catch (JedisConnectionException unreachable) {
				// ask the next sentinel
			}
			catch (RuntimeException e) {
				throw describe("sentinel " + sentinel + " of master '" + endpoint.masterName() + "'",
						"the sentinel credentials (sentinel.username, sentinel.password)", e);
			}
		}
		throw new RedisAccessException("no sentinel of " + endpoint + " knows the master's address", false, true, null);
	}

	/**
	 * Closes a connection that may already be broken, where there is nothing left to
	 * report.
	 */
	public static void closeQuietly(Jedis jedis) {
		try {
			jedis.close();
		}
		catch (RuntimeException alreadyBroken) {
			// nothing left to release
		}
	}

	/**
	 * Connects once to check that Redis is reachable and accepts the credentials, and
	 * reads its facts.
	 * @throws io.keysweep.failure.OperatorException when the server cannot be swept until
	 * the operator changes something: see {@link UnusableServer}
	 */
	public ServerFacts probe() {
		try (Jedis jedis = connect()) {
			return facts(jedis);
		}
		catch (RedisAccessException e) {
			throw UnusableServer.explain(e, endpoint);
		}
	}

	public ServerFacts facts(Jedis jedis) {
		try {
			return ServerFacts.parse(jedis.info("server"));
		}
		catch (RuntimeException e) {
			throw describe(e);
		}
	}

	/** Whether the server is a replica, and of which master. */
	public Replication replication(Jedis jedis) {
		try {
			return Replication.parse(jedis.info("replication"));
		}
		catch (RuntimeException e) {
			throw describe(e);
		}
	}

	/**
	 * Turns a client exception into one line that names the endpoint and the cause, never
	 * a password.
	 */
	public RedisAccessException describe(Throwable e) {
		return describe("Redis at " + endpoint, "the credentials", e);
	}

	/**
	 * @param server what answered, e.g. "Redis at host:port"
	 * @param credentials which credentials it refused
	 */
	private RedisAccessException describe(String server, String credentials, Throwable e) {
		if (e instanceof RedisAccessException known) {
			return known;
		}
		String denied = e instanceof JedisDataException ? AclDenial.of(e.getMessage()) : null;
		boolean refused = denied != null || e instanceof JedisAccessControlException
				|| (e instanceof JedisDataException && isAuthError(e.getMessage()));
		String what = denied != null ? server + " denied keysweep's user " + denied : refused
				? server + " refused " + credentials
				: e instanceof JedisConnectionException ? "cannot reach " + server : server + " answered with an error";
		if (e instanceof JedisRedirectionException && cluster != null) {
			// a slot moved (failover, resharding): learn where it is now, so that the
			// retry goes there
			cluster.refresh();
		}
		boolean passing = e instanceof JedisConnectionException || e instanceof JedisRedirectionException
				|| (e instanceof JedisDataException && e.getMessage() != null && e.getMessage().startsWith("LOADING"));
		return new RedisAccessException(what + ": " + rootMessage(e), refused, passing, e);
	}

	/**
	 * A connection that reconnects and retries transient failures; it connects on first
	 * use.
	 */
	public RedisLink link() {
		return new RedisLink(this);
	}

	private static boolean isAuthError(String message) {
		return message != null
				&& (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH") || message.startsWith("ERR AUTH"));
	}

	private static String rootMessage(Throwable e) {
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
		// a failed connect keeps the socket's reason ("Connection refused") as a
		// suppressed exception
		for (Throwable suppressed : root.getSuppressed()) {
			if (suppressed.getMessage() != null) {
				return message + " (" + suppressed.getMessage() + ")";
			}
		}
		return message;
	}

}
