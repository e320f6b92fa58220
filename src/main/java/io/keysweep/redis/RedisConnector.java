package io.keysweep.redis;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Opens dedicated Jedis connections to one endpoint. Each reader and writer owns its connection, so a SCAN
 * and a write pipeline never wait on each other's socket.
 */
public class RedisConnector {

    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int SOCKET_TIMEOUT_MS = 10_000;

    private final RedisEndpoint endpoint;
    private final JedisClientConfig config;

    public RedisConnector(RedisEndpoint endpoint) {
        this.endpoint = endpoint;
        this.config = DefaultJedisClientConfig.builder()
                .user(endpoint.username())
                .password(endpoint.password())
                .database(endpoint.database())
                .ssl(endpoint.tls())
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MS)
                .socketTimeoutMillis(SOCKET_TIMEOUT_MS)
                .clientName("keysweep")
                .build();
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    /** A connected, authenticated connection; the caller closes it. */
    public Jedis connect() {
        Jedis jedis = null;
        try {
            jedis = new Jedis(new HostAndPort(endpoint.host(), endpoint.port()), config);
            jedis.ping();
            return jedis;
        } catch (RuntimeException e) {
            if (jedis != null) {
                jedis.close();
            }
            throw describe(e);
        }
    }

    /** Closes a connection that may already be broken, where there is nothing left to report. */
    public static void closeQuietly(Jedis jedis) {
        try {
            jedis.close();
        } catch (RuntimeException alreadyBroken) {
            // nothing left to release
        }
    }

    /** Connects once to check that Redis is reachable and accepts the credentials, and reads its facts. */
    public ServerFacts probe() {
        try (Jedis jedis = connect()) {
            return facts(jedis);
        }
    }

    public ServerFacts facts(Jedis jedis) {
        try {
            return ServerFacts.parse(jedis.info("server"));
        } catch (RuntimeException e) {
            throw describe(e);
        }
    }

    /** Turns a client exception into one line that names the endpoint and the cause, never a password. */
    public RedisAccessException describe(Throwable e) {
        if (e instanceof RedisAccessException known) {
            return known;
        }
        boolean credentials = e instanceof JedisAccessControlException
                || (e instanceof JedisDataException && isAuthError(e.getMessage()));
        String what = credentials ? "Redis at " + endpoint + " refused the credentials"
                : e instanceof JedisConnectionException ? "cannot reach Redis at " + endpoint
                : "Redis at " + endpoint + " answered with an error";
        boolean passing = e instanceof JedisConnectionException
                || (e instanceof JedisDataException && e.getMessage() != null && e.getMessage().startsWith("LOADING"));
        return new RedisAccessException(what + ": " + rootMessage(e), credentials, passing, e);
    }

    /** A connection that reconnects and retries transient failures; it connects on first use. */
    public RedisLink link() {
        return new RedisLink(this);
    }

    private static boolean isAuthError(String message) {
        return message != null && (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH")
                || message.startsWith("NOPERM") || message.startsWith("ERR AUTH"));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
