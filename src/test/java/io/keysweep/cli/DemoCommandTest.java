package io.keysweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.keysweep.demo.DemoKeyspace;
import io.keysweep.testing.Cli;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

class DemoCommandTest {

	private static final int BATCHES = 2_000;

	@Test
	void startsRedisSeedsItSweepsItAndStopsIt() {
		assumeTrue(RedisServer.hasRedisOnPath(), "no redis-server on PATH for the demo to start");
		Cli.Result result = Cli.run("demo", "--batches", String.valueOf(BATCHES), "--jobs-dir", "jobs");

		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out())
			.contains("Seeded 2,000 Sidekiq batches: 11,401 keys, 1,400 of them notify keys " + "without a TTL")
			.contains("sidekiq-batch-notify: COMPLETED")
			.contains("classes: deleted 400, has-ttl 600, leaked 600, live 400")
			.contains("expired 1400,")
			.contains("Stopped the throwaway redis-server");
		Matcher url = Pattern.compile("redis://127\\.0\\.0\\.1:(\\d+)").matcher(result.out());
		assertThat(url.find()).isTrue();
		assertThatThrownBy(() -> {
			try (Jedis gone = new Jedis("127.0.0.1", Integer.parseInt(url.group(1)))) {
				gone.ping();
			}
		}).as("the demo's redis-server is stopped").isInstanceOf(RuntimeException.class);
	}

	@Test
	void onAGivenRedisItExpiresTheLeakedNotifyKeysAndNothingElse() {
		try (RedisServer redis = RedisServer.latest(); Jedis jedis = redis.client()) {
			Cli.Result result = Cli.run("demo", "--batches", String.valueOf(BATCHES), "--jobs-dir", "jobs",
					"--redis-url", redis.url());

			assertThat(result.exitCode()).as(result.err()).isZero();
			assertThat(keysWithoutTtl(jedis, "b-*-notify")).isZero();
			assertThat(keysWithoutTtl(jedis, "session:*")).as("sessions are not the sweep's").isEqualTo(BATCHES);
			assertThat(keysWithoutTtl(jedis, "stat:*")).isEqualTo(BATCHES);
			assertThat(jedis.scard("batch-died")).isEqualTo(BATCHES / 10);
			assertThat(DemoKeyspace.leakedNotifyKeys(BATCHES)).isEqualTo(1_400);
		}
	}

	@Test
	void refusesARedisThatHoldsKeys() {
		try (RedisServer redis = RedisServer.latest(); Jedis jedis = redis.client()) {
			jedis.set("orders:1", "precious");
			Cli.Result result = Cli.run("demo", "--batches", "10", "--jobs-dir", "jobs", "--redis-url", redis.url());

			assertThat(result.exitCode()).isEqualTo(2);
			assertThat(result.err())
				.startsWith("keysweep: the demo seeds its own keys: give --redis-url an empty " + "database");
			assertThat(jedis.keys("*")).isEqualTo(Set.of("orders:1"));
		}
	}

	private static long keysWithoutTtl(Jedis jedis, String match) {
		long count = 0;
		String cursor = ScanParams.SCAN_POINTER_START;
		do {
			ScanResult<String> page = jedis.scan(cursor, new ScanParams().match(match).count(1000));
			for (String key : page.getResult()) {
				count += jedis.ttl(key) == -1 ? 1 : 0;
			}
			cursor = page.getCursor();
		}
		while (!cursor.equals(ScanParams.SCAN_POINTER_START));
		return count;
	}

}
