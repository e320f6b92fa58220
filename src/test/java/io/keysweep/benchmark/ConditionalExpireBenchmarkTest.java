package io.keysweep.benchmark;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.keysweep.classify.Expiry;
import io.keysweep.expire.ExpiryWriter;
import io.keysweep.redis.RedisConnector;
import io.keysweep.redis.RedisEndpoint;
import io.keysweep.redis.TlsSettings;
import io.keysweep.tally.SweepTally;
import io.keysweep.throttle.CommandBudget;
import io.keysweep.throttle.LatencyGuard;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.Seeder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.args.ExpiryOption;

/**
 * What the conditional write costs Redis: the same chunks of TTL-less strings given an
 * expiry by a pipeline of {@code EXPIRE NX} (what keysweep sent before), by keysweep's
 * {@link ExpiryWriter} (one EVALSHA of the conditional script per key), and by one script
 * call per chunk that loops over its keys. Prints, as medians over rounds, Redis's own
 * CPU time ({@code INFO cpu}), the busy time INFO commandstats charges to the commands
 * sent, and the time the writes took end to end, per 100,000 keys.
 *
 * <p>
 * {@code ./mvnw -B -o test -Pbenchmark -Dtest=ConditionalExpireBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class ConditionalExpireBenchmarkTest {

	private static final int KEYS = 100_000;

	private static final int CHUNK = 2_000;

	private static final int ROUNDS = 5;

	private static final long TTL = 30L * 86_400;

	/**
	 * The conditional write for a whole chunk in one call: only possible where a chunk's
	 * keys share a slot.
	 */
	private static final String PER_CHUNK = String.join("\n", "local set = 0", "for i, key in ipairs(KEYS) do",
			"  if redis.call('TYPE', key)['ok'] == 'string' and redis.call('PTTL', key) == -1 then",
			"    set = set + redis.call('EXPIRE', key, ARGV[1])", "  end", "end", "return set");

	@Test
	void conditionalExpireAgainstExpireNx() {
		try (RedisServer redis = RedisServer.latest()) {
			BenchmarkTable table = new BenchmarkTable();
			for (int round = 0; round < ROUNDS; round++) {
				measure(redis, table, "EXPIRE NX pipeline (before)", "expire", chunks -> {
					try (Jedis jedis = redis.client()) {
						for (List<Expiry> chunk : chunks) {
							Pipeline pipeline = jedis.pipelined();
							chunk.forEach(expiry -> pipeline.expire(expiry.key(), TTL, ExpiryOption.NX));
							pipeline.sync();
						}
					}
				});
				measure(redis, table, "conditional script, EVALSHA per key (ExpiryWriter)", "evalsha",
						chunks -> writeWithExpiryWriter(redis, chunks));
				measure(redis, table, "conditional script, EVALSHA per chunk", "evalsha", chunks -> {
					try (Jedis jedis = redis.client()) {
						byte[] sha = jedis.scriptLoad(PER_CHUNK.getBytes(StandardCharsets.US_ASCII));
						for (List<Expiry> chunk : chunks) {
							jedis.evalsha(sha, chunk.stream().map(Expiry::key).toList(),
									List.of(Long.toString(TTL).getBytes(StandardCharsets.US_ASCII)));
						}
					}
				});
			}
			table.print("Conditional EXPIRE, Redis " + redis.version() + ", " + KEYS + " keys in chunks of " + CHUNK
					+ " (ms per " + KEYS + " keys)");
		}
	}

	private static void writeWithExpiryWriter(RedisServer redis, List<List<Expiry>> chunks) {
		RedisConnector connector = new RedisConnector(RedisEndpoint.parse(redis.url(), null, null),
				TlsSettings.DEFAULT);
		ExpiryWriter writer = new ExpiryWriter(connector, new SweepTally(), new LatencyGuard(Duration.ZERO),
				new CommandBudget(Duration.ofMillis(1), Integer.MAX_VALUE));
		writer.open(new ExecutionContext());
		try {
			chunks.forEach(chunk -> writer.write(new Chunk<>(chunk)));
		}
		finally {
			writer.close();
		}
	}

	/**
	 * Seeds the keys afresh, then times one way of writing them and reads what Redis
	 * spent.
	 */
	private static void measure(RedisServer redis, BenchmarkTable table, String way, String command,
			Consumer<List<List<Expiry>>> write) {
		List<List<Expiry>> chunks = new ArrayList<>();
		try (Jedis jedis = redis.client()) {
			jedis.flushAll();
			Seeder.seed(jedis, KEYS, (p, i) -> p.set("b-" + Seeder.bid(i) + "-notify", "1"));
			for (int from = 0; from < KEYS; from += CHUNK) {
				List<Expiry> chunk = new ArrayList<>(CHUNK);
				for (int i = from; i < from + CHUNK; i++) {
					chunk.add(new Expiry(("b-" + Seeder.bid(i) + "-notify").getBytes(StandardCharsets.UTF_8), "leaked",
							TTL, false, "string"));
				}
				chunks.add(chunk);
			}
			jedis.configResetStat();
			double cpuBefore = cpuSeconds(jedis);
			long start = System.nanoTime();
			write.accept(chunks);
			double wallMs = (System.nanoTime() - start) / 1e6;
			double cpuMs = (cpuSeconds(jedis) - cpuBefore) * 1000;
			table.add(way + ": Redis CPU time (INFO cpu), ms", cpuMs);
			table.add(way + ": busy time of " + command + " (INFO commandstats usec), ms",
					usec(jedis, command) / 1000.0);
			table.add(way + ": time of the writes end to end, ms", wallMs);
		}
	}

	private static double cpuSeconds(Jedis jedis) {
		double seconds = 0;
		for (String line : jedis.info("cpu").split("\r?\n")) {
			if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
				seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
			}
		}
		return seconds;
	}

	private static long usec(Jedis jedis, String command) {
		String prefix = "cmdstat_" + command + ":";
		return jedis.info("commandstats")
			.lines()
			.filter(line -> line.startsWith(prefix))
			.map(line -> line.replaceAll(".*,usec=(\\d+),.*", "$1"))
			.mapToLong(Long::parseLong)
			.sum();
	}

}
