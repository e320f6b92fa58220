package io.keysweep.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.keysweep.failure.OperatorException;
import redis.clients.jedis.HostAndPort;

/**
 * Where keysweep's Redis is and how to log in, parsed from a {@code redis://} or
 * {@code rediss://} URL, or a {@code redis-sentinel://} / {@code rediss-sentinel://} URL
 * naming sentinels and a master. {@link #toString()} names hosts, ports and database
 * only: the password never leaves this object.
 */
public final class RedisEndpoint {

	private static final int DEFAULT_PORT = 6379;

	private static final int DEFAULT_SENTINEL_PORT = 26379;

	private static final int MAX_PORT = 65_535;

	private final String host;

	private final int port;

	/**
	 * Every node a direct URL lists, {@code host:port} first: tried in order until one
	 * answers, so a cluster whose first listed node is down is still reached.
	 */
	private final List<HostAndPort> seeds;

	/** The sentinels to ask for the master's address, or empty for a direct endpoint. */
	private final List<HostAndPort> sentinels;

	private final String masterName;

	private final int database;

	private final boolean tls;

	private final String username;

	private final String password;

	/**
	 * The sentinels' own user and password ({@code requirepass} or an ACL user of the
	 * sentinels), not the master's; null when the sentinels ask for none.
	 */
	private final String sentinelUsername;

	private final String sentinelPassword;

	private RedisEndpoint(String host, int port, List<HostAndPort> sentinels, String masterName, int database,
			boolean tls, String username, String password, String sentinelUsername, String sentinelPassword) {
		this.host = host;
		this.port = port;
		this.seeds = host == null ? List.of() : List.of(new HostAndPort(host, port));
		this.sentinels = sentinels;
		this.masterName = masterName;
		this.database = database;
		this.tls = tls;
		this.username = username;
		this.password = password;
		this.sentinelUsername = sentinelUsername;
		this.sentinelPassword = sentinelPassword;
	}

	private RedisEndpoint(RedisEndpoint first, List<HostAndPort> seeds) {
		this.host = first.host;
		this.port = first.port;
		this.seeds = List.copyOf(seeds);
		this.sentinels = first.sentinels;
		this.masterName = first.masterName;
		this.database = first.database;
		this.tls = first.tls;
		this.username = first.username;
		this.password = first.password;
		this.sentinelUsername = first.sentinelUsername;
		this.sentinelPassword = first.sentinelPassword;
	}

	/**
	 * @param url {@code redis[s]://[[user]:password@]host[:port][,host[:port]...][/db]}
	 * (several nodes of one cluster, tried in order)
	 * @param fallbackUsername used when the URL names no user (may be null)
	 * @param fallbackPassword used when the URL carries no password (may be null)
	 * @throws OperatorException with a message that never repeats the URL's credentials
	 */
	public static RedisEndpoint parse(String url, String fallbackUsername, String fallbackPassword) {
		if (url.startsWith("redis-sentinel://") || url.startsWith("rediss-sentinel://")) {
			return parseSentinel(url.trim(), fallbackUsername, fallbackPassword);
		}
		String trimmed = url.trim();
		int hostsStart = trimmed.indexOf("://") + 3;
		int hostsEnd = trimmed.indexOf('/', Math.max(hostsStart, 3));
		hostsEnd = hostsEnd < 0 ? trimmed.length() : hostsEnd;
		int comma = trimmed.indexOf(',', trimmed.lastIndexOf('@', hostsEnd) + 1);
		if (hostsStart >= 3 && comma >= 0 && comma < hostsEnd) {
			RedisEndpoint first = parse(trimmed.substring(0, comma) + trimmed.substring(hostsEnd), fallbackUsername,
					fallbackPassword);
			List<HostAndPort> seeds = new ArrayList<>(first.seeds);
			for (String hostPort : trimmed.substring(comma + 1, hostsEnd).split(",")) {
				seeds.add(hostAndPort(hostPort.trim(), DEFAULT_PORT));
			}
			return new RedisEndpoint(first, seeds);
		}
		URI uri;
		try {
			uri = new URI(url.trim());
		}
		catch (URISyntaxException e) {
			throw new OperatorException("invalid Redis URL: " + e.getReason());
		}
		String scheme = uri.getScheme();
		if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
			throw new OperatorException("invalid Redis URL: the scheme must be redis:// or rediss://");
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw new OperatorException("invalid Redis URL: no host");
		}
		if (uri.getPort() > MAX_PORT) {
			throw new OperatorException("invalid Redis URL: port " + uri.getPort() + " is not from 1 to " + MAX_PORT);
		}
		refuseQuery(uri.getRawQuery() != null || uri.getRawFragment() != null);
		String[] credentials = credentials(uri.getRawUserInfo(), fallbackUsername, fallbackPassword);
		return new RedisEndpoint(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), List.of(), null,
				database(uri.getPath()), "rediss".equals(scheme), credentials[0], credentials[1], null, null);
	}

	/**
	 * {@code redis[s]-sentinel://[[user]:password@]host[:port][,host[:port]...]/master[/db]}
	 */
	private static RedisEndpoint parseSentinel(String url, String fallbackUsername, String fallbackPassword) {
		boolean tls = url.startsWith("rediss-");
		String rest = url.substring(url.indexOf("://") + 3);
		refuseQuery(rest.contains("?") || rest.contains("#"));
		int at = rest.lastIndexOf('@');
		String userInfo = at < 0 ? null : rest.substring(0, at);
		rest = rest.substring(at + 1);
		int slash = rest.indexOf('/');
		if (slash < 0 || slash == rest.length() - 1) {
			throw new OperatorException("invalid Redis URL: a sentinel URL names the master after the hosts, "
					+ "e.g. redis-sentinel://sentinel-1:26379,sentinel-2:26379/mymaster");
		}
		List<HostAndPort> sentinels = new ArrayList<>();
		for (String hostPort : rest.substring(0, slash).split(",")) {
			sentinels.add(hostAndPort(hostPort.trim(), DEFAULT_SENTINEL_PORT));
		}
		String[] path = rest.substring(slash + 1).split("/", 2);
		String[] credentials = credentials(userInfo, fallbackUsername, fallbackPassword);
		return new RedisEndpoint(null, 0, List.copyOf(sentinels), decode(path[0]),
				path.length > 1 ? database("/" + path[1]) : 0, tls, credentials[0], credentials[1], null, null);
	}

	/**
	 * Options in a URL's query (timeouts, TLS settings) would be silently ignored:
	 * keysweep takes none.
	 */
	private static void refuseQuery(boolean hasQuery) {
		if (hasQuery) {
			throw new OperatorException("invalid Redis URL: keysweep takes no ?options in it; the database goes in "
					+ "the path (/1), TLS files in --redis-ca and --redis-client-cert");
		}
	}

	private static HostAndPort hostAndPort(String text, int defaultPort) {
		int colon = text.lastIndexOf(':');
		try {
			String host = colon < 0 ? text : text.substring(0, colon);
			int port = colon < 0 ? defaultPort : Integer.parseInt(text.substring(colon + 1));
			if (!host.isEmpty() && port > 0 && port <= MAX_PORT) {
				return new HostAndPort(host, port);
			}
		}
		catch (NumberFormatException e) {
			// reported below
		}
		throw new OperatorException("invalid Redis URL: '" + text + "' is not host:port");
	}

	/** User and password from the URL's user info, else the fallbacks. */
	private static String[] credentials(String userInfo, String fallbackUsername, String fallbackPassword) {
		String username = blankToNull(fallbackUsername);
		String password = blankToNull(fallbackPassword);
		if (userInfo != null && !userInfo.isEmpty()) {
			int colon = userInfo.indexOf(':');
			if (colon < 0) {
				password = decode(userInfo);
			}
			else {
				String user = decode(userInfo.substring(0, colon));
				username = user.isEmpty() ? username : user;
				password = decode(userInfo.substring(colon + 1));
			}
		}
		return new String[] { username, password };
	}

	private static int database(String path) {
		if (path == null || path.isEmpty() || path.equals("/")) {
			return 0;
		}
		try {
			int db = Integer.parseInt(path.substring(1));
			if (db >= 0) {
				return db;
			}
		}
		catch (NumberFormatException e) {
			// reported below
		}
		throw new OperatorException("invalid Redis URL: the path must be a database number, e.g. /0");
	}

	private static String decode(String s) {
		return URLDecoder.decode(s, StandardCharsets.UTF_8);
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s;
	}

	/** The same credentials and TLS, for another node of the same cluster. */
	public RedisEndpoint at(HostAndPort node) {
		return new RedisEndpoint(node.getHost(), node.getPort(), List.of(), null, database, tls, username, password,
				null, null);
	}

	/** The same server and credentials, another database. */
	public RedisEndpoint withDatabase(int db) {
		return new RedisEndpoint(new RedisEndpoint(host, port, sentinels, masterName, db, tls, username, password,
				sentinelUsername, sentinelPassword), seeds);
	}

	/**
	 * The same endpoint, logging in to its sentinels with this user and password (either
	 * may be null or blank: none).
	 * @param settings what the operator calls these credentials, for the message when the
	 * endpoint has no sentinels to give them to
	 * @throws OperatorException when credentials are given for an endpoint reached
	 * without sentinels: they would go unused, and the operator thinks otherwise
	 */
	public RedisEndpoint withSentinelLogin(String username, String password, String settings) {
		String user = blankToNull(username);
		String pass = blankToNull(password);
		if (user == null && pass == null) {
			return this;
		}
		if (!viaSentinel()) {
			throw new OperatorException(settings + " given, but Redis at " + this
					+ " is named directly, not found through sentinels: name the master and its sentinels, "
					+ "or leave the sentinels' credentials out");
		}
		return new RedisEndpoint(host, port, sentinels, masterName, database, tls, this.username, this.password, user,
				pass);
	}

	public boolean viaSentinel() {
		return !sentinels.isEmpty();
	}

	List<HostAndPort> seeds() {
		return seeds;
	}

	List<HostAndPort> sentinels() {
		return sentinels;
	}

	String masterName() {
		return masterName;
	}

	public String host() {
		return host;
	}

	public int port() {
		return port;
	}

	public int database() {
		return database;
	}

	public boolean tls() {
		return tls;
	}

	String username() {
		return username;
	}

	String password() {
		return password;
	}

	String sentinelUsername() {
		return sentinelUsername;
	}

	String sentinelPassword() {
		return sentinelPassword;
	}

	/**
	 * host:port (or the master's name and its sentinels), and /db when not 0: safe to
	 * print, log and store.
	 */
	@Override
	public String toString() {
		String where = viaSentinel()
				? masterName + " via sentinel "
						+ sentinels.stream().map(HostAndPort::toString).collect(Collectors.joining(","))
				: host + ":" + port;
		return where + (database == 0 ? "" : "/" + database);
	}

}
