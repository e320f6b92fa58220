package io.keysweep.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * What another application of the same Redis feels while a sweep runs: a client sending
 * GET and SET at a fixed rate ({@link SteadyClient}) prints its latency percentiles with
 * no sweep, during keysweep at each {@code max-command-time} tried, during the pipelined
 * plain-Jedis loop and during the per-key loop, all on the same seeded keyspace, one
 * after another in one run; and keysweep's step time and keys visited per second at each
 * budget.
 * {@code ./mvnw -B -Pbenchmark verify -Dtest=None -Dit.test=OtherClientsBenchmarkIT -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}.
 * {@code -Dkeysweep.benchmark.apart=true} keeps Redis and the client apart from the
 * contenders' CPU ({@link Cpus}). Numbers, not assertions: it asserts only that each
 * contender did the whole job.
 */
@Tag("benchmark")
class OtherClientsBenchmarkIT {

	/** The steady client's calls per second. */
	private static final int RATE = 1_000;

	@TempDir
	Path dir;

	@Test
	void latencyOfAnotherClientDuringASweep() throws Exception {
		int batches = Integer.getInteger("keysweep.benchmark.batches", 200_000);
		String[] budgets = System.getProperty("keysweep.benchmark.command-times", "250us,500us,1ms,2ms,100ms")
			.split(",");
		try (RedisServer redis = RedisServer.latest("--enable-debug-command", "yes");
				Jedis jedis = new Jedis("127.0.0.1", redis.port(), 300_000)) {
			Contenders.seedAndSave(jedis, batches);
			Cpus.pinRedis(jedis);
			long keys = jedis.dbSize();
			System.out.printf(
					"%nanother client, GET/SET at %d calls/s during each contender; %,d batches, %,d keys; "
							+ "%s [load %s]%n",
					RATE, batches, keys, Cpus.describe(), Files.readString(Path.of("/proc/loadavg")).trim());
			Contenders.reset(jedis);
			SteadyClient idle = SteadyClient.start("127.0.0.1", redis.port(), RATE);
			Thread.sleep(5_000);
			print("no sweep (5 s)", idle.stop(), Double.NaN, keys);
			for (String budget : budgets) {
				Path jobs = Files.createDirectories(dir.resolve("jobs-" + budget));
				Files.writeString(jobs.resolve("sidekiq-batch-notify.yml"),
						Files.readString(Path.of("jobs/sidekiq-batch-notify.yml")) + "max-command-time: " + budget
								+ "\n");
				double[] step = new double[1];
				SteadyClient.Latencies felt = during(jedis, redis,
						() -> step[0] = Contenders
							.keysweepAsIs(jedis, redis.url(), dir.resolve("run-" + budget), Contenders.Launch.plain(),
									jobs)
							.stepSeconds());
				Contenders.assertWholeJobDone(jedis, "keysweep");
				print("keysweep, max-command-time " + budget + (budget.equals("1ms") ? " (the default)" : ""), felt,
						step[0], keys);
			}
			double[] loop = new double[1];
			SteadyClient.Latencies pipelined = during(jedis, redis, () -> loop[0] = Contenders
				.inFreshJvmAsIs("127.0.0.1", redis.port(), "pipelined", 1000, dir.resolve("pipelined")));
			Contenders.assertWholeJobDone(jedis, "the pipelined loop");
			print("pipelined plain Jedis, SCAN COUNT 1000", pipelined, loop[0], keys);
			SteadyClient.Latencies perKey = during(jedis, redis, () -> loop[0] = Contenders.inFreshJvmAsIs("127.0.0.1",
					redis.port(), "per-key", 1000, dir.resolve("per-key")));
			Contenders.assertWholeJobDone(jedis, "the per-key loop");
			print("per key, SCAN COUNT 1000", perKey, loop[0], keys);
		}
	}

	/**
	 * The client's latencies while the contender runs, on the keyspace as last saved: the
	 * reset (which holds Redis for a while) comes before the client starts timing.
	 */
	private static SteadyClient.Latencies during(Jedis admin, RedisServer redis, Callable<Double> contender)
			throws Exception {
		Contenders.reset(admin);
		SteadyClient client = SteadyClient.start("127.0.0.1", redis.port(), RATE);
		try {
			contender.call();
			return client.stop();
		}
		finally {
			client.close();
		}
	}

	private static void print(String what, SteadyClient.Latencies felt, double seconds, long keys) {
		System.out.printf("  %-58s %s%s%n", what, felt, Double.isNaN(seconds) ? ""
				: String.format("  | contender %.2f s, %,.0f keys visited/s", seconds, keys / seconds));
	}

}
