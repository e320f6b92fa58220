package io.keysweep.redis;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

    /**
     * The endpoint, in order: the command line's {@code --redis-url}, env {@code REDIS_URL}, Spring's
     * {@code spring.data.redis.url}, then the local default. Credentials not in the URL come from env
     * {@code REDIS_USERNAME} and {@code REDIS_PASSWORD}.
     */
    @Bean
    RedisConnector redisConnector(
            @Value("${keysweep.redis-url:${REDIS_URL:${spring.data.redis.url:redis://localhost:6379}}}") String url,
            @Value("${REDIS_USERNAME:}") String username,
            @Value("${REDIS_PASSWORD:}") String password) {
        return new RedisConnector(RedisEndpoint.parse(url, username, password));
    }
}
