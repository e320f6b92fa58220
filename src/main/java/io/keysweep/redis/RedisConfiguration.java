package io.keysweep.redis;

import java.nio.file.Path;

import io.keysweep.failure.OperatorException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

	/**
	 * The endpoint, in order: the command line's {@code --redis-url}, env
	 * {@code REDIS_URL}, Spring's {@code spring.data.redis.url}, then the local default.
	 * Credentials not in the URL come from env {@code REDIS_USERNAME}, and from
	 * {@code --redis-password-file} or else env {@code REDIS_PASSWORD}. For
	 * {@code rediss://}: a CA to trust instead of the JVM's, and a client certificate
	 * (PKCS#12, its password from env {@code REDIS_CLIENT_CERT_PASSWORD}).
	 */
	@Bean
	RedisConnector redisConnector(
			@Value("${keysweep.redis-url:${REDIS_URL:${spring.data.redis.url:redis://localhost:6379}}}") String url,
			@Value("${REDIS_USERNAME:}") String username, @Value("${REDIS_PASSWORD:}") String password,
			@Value("${keysweep.redis-password-file:}") String passwordFile,
			@Value("${keysweep.redis-ca:}") String caFile, @Value("${keysweep.redis-client-cert:}") String clientCert,
			@Value("${REDIS_CLIENT_CERT_PASSWORD:}") String clientCertPassword) {
		RedisEndpoint endpoint = passwordFile.isEmpty() ? RedisEndpoint.parse(url, username, password)
				: PasswordFile.endpoint(url, username, Path.of(passwordFile));
		if (!endpoint.tls() && !(caFile.isEmpty() && clientCert.isEmpty())) {
			throw new OperatorException("--redis-ca and --redis-client-cert are for rediss:// URLs, and Redis at "
					+ endpoint + " is given as redis://: use rediss:// for TLS, or leave them out");
		}
		return new RedisConnector(endpoint, new TlsSettings(caFile.isEmpty() ? null : Path.of(caFile),
				clientCert.isEmpty() ? null : Path.of(clientCert), clientCertPassword));
	}

}
