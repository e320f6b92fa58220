package io.keysweep;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.keysweep.demo.DemoKeyspace;
import io.keysweep.testing.Cli;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.CommandStats;
import io.keysweep.testing.KeysweepProcess;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 an audit at random points of its first chunks, twice, and let the next audit
 * continue it: its census is the one an uninterrupted audit takes, count for count.
 */
class AuditCrashIT {

	private static final int BATCHES = 20_000;

	/** An audit's chunk. */
	private static final int CHUNK = 10_000;

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@TempDir
	Path dir;

	@Test
	void aKilledAndResumedAuditCountsWhatAnUninterruptedOneCounts() {
		try (Jedis jedis = redis.client()) {
			DemoKeyspace.seed(jedis, BATCHES);
		}
		Cli.Result uninterrupted = Cli.run(args(dir.resolve("uninterrupted"), "audit", "--format", "json"));
		assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isZero();

		Path data = dir.resolve("killed");
		long seed = System.nanoTime();
		Random random = new Random(seed);
		for (int kill = 0; kill < 2; kill++) {
			// somewhere in the first few chunks of this execution: keys looked up, one
			// PTTL each
			long keys = CHUNK + random.nextInt(4 * CHUNK);
			CommandStats.reset(redis);
			try (KeysweepProcess audit = KeysweepProcess.start(dir.resolve("logs"), List.of(),
					args(data, "audit", "--rate", "20000"))) {
				audit.awaitUntil("auditing", () -> CommandStats.calls(redis, "pttl") >= keys);
				audit.kill();
			}
		}
		Cli.Result resumed = Cli.run(args(data, "audit", "--format", "json"));

		assertThat(resumed.exitCode()).as(resumed.err()).isZero();
		assertThat(JobRepositoryRows.jobExecutions(data)).extracting(JobRepositoryRows.JobExecutionRow::status)
			.as("seed %d", seed)
			.containsExactly("FAILED", "FAILED", "COMPLETED");
		assertThat(counts(resumed.out())).as("seed %d", seed).isEqualTo(counts(uninterrupted.out()));
		assertThat(counts(resumed.out())).containsKey("b-*-notify");
		// the Sidekiq batches are committed with the census: counted once each as well
		assertThat(sidekiq(resumed.out())).as("seed %d", seed).isEqualTo(sidekiq(uninterrupted.out())).isNotNull();
	}

	private static JsonObject sidekiq(String json) {
		return JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("sidekiq");
	}

	/** Per pattern: keys, keys without a TTL, the TTL histogram and the types. */
	private static Map<String, String> counts(String json) {
		Map<String, String> counts = new TreeMap<>();
		JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("patterns").forEach(row -> {
			JsonObject r = row.getAsJsonObject();
			counts.put(r.get("pattern").getAsString(),
					r.get("keys") + " " + r.get("withoutTtl") + " " + r.get("ttl") + " " + r.get("types"));
		});
		return counts;
	}

	private static String[] args(Path data, String... command) {
		List<String> args = new java.util.ArrayList<>(List.of(command));
		args.addAll(List.of("--redis-url", redis.url(), "--data-dir", data.toString()));
		return args.toArray(String[]::new);
	}

}
