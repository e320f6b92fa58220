package io.keysweep.redis;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.keysweep.failure.OperatorException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;

/**
 * A Redis described in Spring Boot's {@code spring.data.redis.*} shape
 * ({@link DataRedisProperties}), as keysweep reads it for the Redis of a command and for
 * each target of a targets file. keysweep opens its own Jedis connections, so it takes of
 * these only where the Redis is and how to log in: {@code url}, else
 * {@code sentinel.master} and {@code sentinel.nodes}, else {@code cluster.nodes} (each
 * node in turn until one answers, which is asked for the others), else {@code host} and
 * {@code port}; then {@code database}, {@code username}, {@code password},
 * {@code ssl.enabled} and {@code ssl.bundle}; and the sentinels' own
 * {@code sentinel.username} and {@code sentinel.password} (see
 * {@link RedisEndpoint#withSentinelLogin}).
 */
final class BootRedisProperties {

	private BootRedisProperties() {
	}

	/** The settings as the URL {@link RedisEndpoint#parse} reads. */
	static String url(DataRedisProperties redis) {
		if (redis.getUrl() != null) {
			return redis.getUrl();
		}
		String scheme = redis.getSsl().isEnabled() ? "rediss" : "redis";
		String database = redis.getDatabase() == 0 ? "" : "/" + redis.getDatabase();
		DataRedisProperties.Sentinel sentinel = redis.getSentinel();
		if (sentinel != null && sentinel.getMaster() != null) {
			return scheme + "-sentinel://" + String.join(",", nodes(sentinel.getNodes(), "sentinel.nodes")) + "/"
					+ URLEncoder.encode(sentinel.getMaster(), StandardCharsets.UTF_8) + database;
		}
		DataRedisProperties.Cluster cluster = redis.getCluster();
		if (cluster != null && cluster.getNodes() != null) {
			return scheme + "://" + String.join(",", nodes(cluster.getNodes(), "cluster.nodes")) + database;
		}
		return scheme + "://" + redis.getHost() + ":" + redis.getPort() + database;
	}

	private static List<String> nodes(List<String> nodes, String property) {
		if (nodes == null || nodes.isEmpty()) {
			throw new OperatorException("spring.data.redis." + property + " names no host:port");
		}
		return nodes;
	}

	/**
	 * The SSL bundle's context when {@code ssl.bundle} names one, else null.
	 * @param bundles Boot's SSL bundles ({@code spring.ssl.bundle.*})
	 */
	static TlsSettings bundle(DataRedisProperties redis, SslBundles bundles) {
		String name = redis.getSsl().getBundle();
		if (name == null) {
			return null;
		}
		try {
			return TlsSettings.bundle(bundles.getBundle(name).createSslContext());
		}
		catch (NoSuchSslBundleException e) {
			throw new OperatorException(
					"ssl.bundle '" + name + "' is not among the SSL bundles of spring.ssl.bundle.*");
		}
	}

}
