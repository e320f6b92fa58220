package io.keysweep.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A Redis at maxmemory under noeviction, where TTL-less leaked keys lead: it refuses SET
 * (and so a plain SET NX lock) but allows EXPIRE, and keysweep sweeps it, dry and for
 * real, on Redis 7 and 6.2.
 */
class FullRedisTest {

	@TempDir
	Path dir;

	static Stream<Named<Supplier<RedisServer>>> servers() {
		return Stream.of(Named.of("latest", RedisServer::latest), Named.of("6.2", RedisServer::v62));
	}

	@ParameterizedTest
	@MethodSource("servers")
	void aFullRedisIsSweptDryAndForReal(Supplier<RedisServer> server) {
		try (RedisServer redis = server.get()) {
			List<String> leaked;
			try (Jedis jedis = redis.client()) {
				leaked = BatchKeys.leaked(jedis, 50);
				fill(jedis);
				assertThatThrownBy(() -> jedis.set("one-more", "x")).isInstanceOf(JedisDataException.class)
					.hasMessageStartingWith("OOM");
			}

			Cli.Result dry = run(redis, "--dry-run");
			assertThat(dry.exitCode()).as(dry.err()).isZero();
			assertThat(dry.out()).contains("would expire 50");
			try (Jedis jedis = redis.client()) {
				assertThat(jedis.ttl(leaked.get(0))).isEqualTo(-1);
			}

			Cli.Result real = run(redis);
			assertThat(real.exitCode()).as(real.err()).isZero();
			assertThat(real.out()).contains("expired 50");
			try (Jedis jedis = redis.client()) {
				for (String key : leaked) {
					assertThat(jedis.ttl(key)).as(key).isGreaterThan(29 * 86_400L);
				}
				assertThat(jedis.exists("keysweep:lock:sidekiq-batch-notify")).isFalse();
			}
		}
	}

	/**
	 * 2 MB of filler strings, then noeviction and a maxmemory below what Redis holds:
	 * full for good.
	 */
	private static void fill(Jedis jedis) {
		String kilobyte = "x".repeat(1024);
		for (int i = 0; i < 2_000; i++) {
			jedis.set("filler:" + i, kilobyte);
		}
		long used = jedis.info("memory")
			.lines()
			.filter(line -> line.startsWith("used_memory:"))
			.mapToLong(line -> Long.parseLong(line.substring("used_memory:".length()).strip()))
			.findFirst()
			.orElseThrow();
		jedis.configSet("maxmemory-policy", "noeviction");
		jedis.configSet("maxmemory", String.valueOf(used - 256 * 1024));
	}

	private Cli.Result run(RedisServer redis, String... options) {
		List<String> args = new java.util.ArrayList<>(
				List.of("run", "sidekiq-batch-notify", "--jobs-dir", Definitions.SHIPPED.toString(), "--data-dir",
						dir.resolve("data").toString(), "--redis-url", redis.url()));
		args.addAll(List.of(options));
		return Cli.run(args.toArray(String[]::new));
	}

}
