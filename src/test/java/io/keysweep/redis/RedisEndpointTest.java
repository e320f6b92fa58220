package io.keysweep.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keysweep.failure.OperatorException;
import org.junit.jupiter.api.Test;

class RedisEndpointTest {

	@Test
	void readsHostPortDatabaseAndCredentials() {
		RedisEndpoint endpoint = RedisEndpoint.parse("rediss://sweeper:p%40ss@redis.internal:6380/2", null, null);
		assertThat(endpoint.host()).isEqualTo("redis.internal");
		assertThat(endpoint.port()).isEqualTo(6380);
		assertThat(endpoint.database()).isEqualTo(2);
		assertThat(endpoint.tls()).isTrue();
		assertThat(endpoint.username()).isEqualTo("sweeper");
		assertThat(endpoint.password()).isEqualTo("p@ss");
	}

	@Test
	void takesThePasswordFromTheEnvironmentWhenTheUrlHasNone() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis://localhost", null, "from-env");
		assertThat(endpoint.port()).isEqualTo(6379);
		assertThat(endpoint.database()).isZero();
		assertThat(endpoint.password()).isEqualTo("from-env");
		assertThat(RedisEndpoint.parse("redis://:in-url@localhost", null, "from-env").password()).isEqualTo("in-url");
	}

	@Test
	void keepsEveryNodeOfAClusterListInOrder() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis://u:p%2Cw@node-1:7000,node-2,node-3:7002/0", null, null);
		assertThat(endpoint.seeds()).extracting(Object::toString)
			.containsExactly("node-1:7000", "node-2:6379", "node-3:7002");
		assertThat(endpoint.password()).isEqualTo("p,w");
		assertThat(endpoint.withDatabase(0).seeds()).hasSize(3);
		assertThatThrownBy(() -> RedisEndpoint.parse("redis://node-1,node-2:x", null, null))
			.hasMessageContaining("'node-2:x' is not host:port");
	}

	@Test
	void neverPrintsTheCredentials() {
		RedisEndpoint endpoint = RedisEndpoint.parse("redis://admin:s3cret@10.0.0.5:7000/3", null, null);
		assertThat(endpoint.toString()).isEqualTo("10.0.0.5:7000/3").doesNotContain("s3cret").doesNotContain("admin");
	}

	@Test
	void rejectsWhatIsNotARedisUrlWithoutRepeatingIt() {
		assertThatThrownBy(() -> RedisEndpoint.parse("http://user:s3cret@host", null, null))
			.isInstanceOf(OperatorException.class)
			.hasMessageContaining("redis://")
			.hasMessageNotContaining("s3cret");
		assertThatThrownBy(() -> RedisEndpoint.parse("redis://host/zero", null, null))
			.hasMessageContaining("database number");
		assertThatThrownBy(() -> RedisEndpoint.parse("redis:///0", null, null)).hasMessageContaining("no host");
	}

}
