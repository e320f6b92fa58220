package io.keysweep.redis;

import java.nio.file.Path;

import io.keysweep.failure.OperatorException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The Redis keysweep sweeps, and Boot's SSL bundles ({@code spring.ssl.bundle.*}) for its
 * TLS.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration(SslAutoConfiguration.class)
public class RedisConfiguration {

	/**
	 * The target {@code keysweep.target} of the targets file (imported into the
	 * environment by the command line), or else the one Redis of the command line: its
	 * {@code --redis-url}, env {@code REDIS_URL}, or else Spring Boot's
	 * {@code spring.data.redis.*} (url, or host and port, sentinel, cluster nodes;
	 * localhost:6379 by default). Credentials not in the URL come from env
	 * {@code REDIS_USERNAME}, and from {@code --redis-password-file} or else env
	 * {@code REDIS_PASSWORD}, and else from {@code spring.data.redis.username} and
	 * {@code password}. For {@code rediss://}: a CA to trust instead of the JVM's, and a
	 * client certificate (PKCS#12, its password from env
	 * {@code REDIS_CLIENT_CERT_PASSWORD}), or a Boot SSL bundle named by
	 * {@code spring.data.redis.ssl.bundle}.
	 */
	@Bean
	RedisConnector redisConnector(Environment environment, ObjectProvider<SslBundles> bundles,
			@Value("${keysweep.target:}") String target, @Value("${keysweep.redis-url:${REDIS_URL:}}") String url,
			@Value("${REDIS_USERNAME:}") String username, @Value("${REDIS_PASSWORD:}") String password,
			@Value("${keysweep.redis-password-file:}") String passwordFile,
			@Value("${keysweep.redis-ca:}") String caFile, @Value("${keysweep.redis-client-cert:}") String clientCert,
			@Value("${REDIS_CLIENT_CERT_PASSWORD:}") String clientCertPassword) {
		Binder binder = Binder.get(environment);
		if (!target.isEmpty()) {
			return RedisTargets.bind(binder, "the targets file").connector(target, bundles.getIfAvailable());
		}
		DataRedisProperties boot = binder.bind("spring.data.redis", DataRedisProperties.class)
			.orElseGet(DataRedisProperties::new);
		String where = url.isEmpty() ? BootRedisProperties.url(boot) : url;
		String user = username.isEmpty() ? boot.getUsername() : username;
		RedisEndpoint endpoint = passwordFile.isEmpty()
				? RedisEndpoint.parse(where, user, password.isEmpty() ? boot.getPassword() : password)
				: PasswordFile.endpoint(where, user, Path.of(passwordFile));
		if (boot.getSentinel() != null && (endpoint.viaSentinel() || url.isEmpty())) {
			// --redis-url or REDIS_URL naming a Redis directly overrides Boot's sentinel
			// settings as it does its host and port (the throwaway Redis of demo too);
			// in Boot's own settings, sentinel credentials without a master are a mistake
			endpoint = endpoint.withSentinelLogin(boot.getSentinel().getUsername(), boot.getSentinel().getPassword(),
					"spring.data.redis.sentinel.username or password");
		}
		if (!endpoint.tls() && !(caFile.isEmpty() && clientCert.isEmpty())) {
			throw new OperatorException("--redis-ca and --redis-client-cert are for rediss:// URLs, and Redis at "
					+ endpoint + " is given as redis://: use rediss:// for TLS, or leave them out");
		}
		TlsSettings bundle = BootRedisProperties.bundle(boot, bundles.getIfAvailable());
		if (bundle != null && !(caFile.isEmpty() && clientCert.isEmpty())) {
			throw new OperatorException(
					"give --redis-ca and --redis-client-cert, or spring.data.redis.ssl.bundle, " + "not both");
		}
		return new RedisConnector(endpoint,
				bundle != null ? bundle : new TlsSettings(caFile.isEmpty() ? null : Path.of(caFile),
						clientCert.isEmpty() ? null : Path.of(clientCert), clientCertPassword));
	}

}
