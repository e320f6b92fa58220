package io.keysweep.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.demo.DemoKeyspace;
import io.keysweep.demo.ScratchDirectory;
import io.keysweep.demo.ThrowawayRedis;
import io.keysweep.failure.OperatorException;
import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.redis.RedisConnector;
import io.keysweep.run.SweepRequest;
import io.keysweep.run.SweepRunner;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import redis.clients.jedis.Jedis;

@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		description = "Try keysweep on a made-up Sidekiq Pro keyspace: start a throwaway "
				+ "redis-server from PATH (or use an empty Redis given with --redis-url), seed it with batches in every "
				+ "state among other keys, run the " + DemoCommand.JOB
				+ " sweep, print its report, and stop the server. "
				+ "The job repository goes to a temporary directory, not --data-dir.")
final class DemoCommand implements Callable<Integer> {

	static final String JOB = "sidekiq-batch-notify";

	int batches;

	@Mixin
	CommonOptions common;

	@Mixin
	SweepCommandOptions sweep;

	@Spec
	CommandSpec spec;

	@Option(names = "--batches", paramLabel = "N", defaultValue = "20000",
			description = "Sidekiq batches to seed, about 5.7 keys each. Default: ${DEFAULT-VALUE}")
	void setBatches(int batches) {
		OptionCheck.require(spec, batches >= 1, "--batches must be at least 1");
		this.batches = batches;
	}

	@Override
	public Integer call() throws Exception {
		sweep.output.check();
		JobDefinition definition = new JobDefinitions(common.jobsDir).load(JOB);
		PrintWriter out = spec.commandLine().getOut();
		ThrowawayRedis server = null;
		if (common.redisUrl == null) {
			server = ThrowawayRedis.start();
			common.redisUrl = server.url();
			out.println("Started a throwaway redis-server at " + server.url());
		}
		try (ScratchDirectory data = ScratchDirectory.create("keysweep-demo-data")) {
			common.dataDir = data.path();
			return seedAndSweep(definition, out);
		}
		finally {
			if (server != null) {
				server.close();
				out.println("Stopped the throwaway redis-server");
			}
		}
	}

	private int seedAndSweep(JobDefinition definition, PrintWriter out) throws Exception {
		try (ConfigurableApplicationContext context = KeysweepContext.open(common, sweep.threads);
				SignalTrap signals = SignalTrap.install(spec.commandLine().getErr())) {
			RedisConnector redis = context.getBean(RedisConnector.class);
			try (Jedis jedis = redis.connect()) {
				if (jedis.dbSize() > 0) {
					throw new OperatorException("the demo seeds its own keys: give --redis-url an empty "
							+ "database, not " + redis.endpoint() + " with " + jedis.dbSize() + " keys");
				}
				long start = System.nanoTime();
				DemoKeyspace.seed(jedis, batches);
				out.printf("Seeded %,d Sidekiq batches: %,d keys, %,d of them notify keys without a TTL, in %.1f s%n",
						batches, jedis.dbSize(), DemoKeyspace.leakedNotifyKeys(batches),
						(System.nanoTime() - start) / 1e9);
			}
			out.println("Running the " + JOB + " sweep: keysweep run " + JOB);
			out.flush();
			SweepRequest request = SweepRequest
				.of(definition, signals.stopRequest(), sweep.output.progress(context, definition))
				.withRate(sweep.rate.rate);
			return SweepOutcome.report(context.getBean(SweepRunner.class).run(request), definition, context, spec,
					common, sweep.output);
		}
	}

}
