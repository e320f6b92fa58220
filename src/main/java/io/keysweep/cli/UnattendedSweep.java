package io.keysweep.cli;

import java.time.Duration;
import java.util.List;

import io.keysweep.cli.EachTarget.Chore;
import io.keysweep.definition.JobDefinition;
import io.keysweep.lock.LockHeldException;
import io.keysweep.redis.ClusterRouting;
import io.keysweep.redis.RedisConnector;
import io.keysweep.run.ExecutionHistory;
import io.keysweep.run.StopRequest;
import io.keysweep.run.SweepRequest;
import io.keysweep.run.SweepResult;
import io.keysweep.run.UnattendedRun;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One job's turn in {@code run --all} and in the daemon: resumed or run (see
 * {@link UnattendedRun}), its summary printed, its exit code returned. A job that cannot
 * start is one line on stderr and an exit code, never an exception, so that the other
 * jobs still get their turn.
 */
final class UnattendedSweep {

	/**
	 * What {@link #run} returns, in place of an exit code, for a job that another worker
	 * of a fleet sweeps now (it holds the job's lock).
	 */
	static final int BUSY = -1;

	private final ConfigurableApplicationContext context;

	private final CommandSpec spec;

	private final CommonOptions common;

	private final SweepOutputOptions output;

	private final StopRequest stop;

	private final Long rate;

	private Duration doneWithin;

	/**
	 * @param rate the command line's {@code --rate} for every job, or null
	 */
	UnattendedSweep(ConfigurableApplicationContext context, CommandSpec spec, CommonOptions common,
			SweepOutputOptions output, StopRequest stop, Long rate) {
		this.context = context;
		this.spec = spec;
		this.common = common;
		this.output = output;
		this.stop = stop;
		this.rate = rate;
	}

	/**
	 * As a worker of a fleet: a job completed on this Redis within the window is not
	 * swept again, and one whose lock another worker holds is {@link #BUSY}.
	 */
	UnattendedSweep asFleetWorker(Duration window) {
		this.doneWithin = window;
		return this;
	}

	int run(JobDefinition definition) {
		return run(definition, null);
	}

	/**
	 * The masters of the Redis, by their slots, when a worker of a fleet sweeps each as a
	 * part of its own (the job is a sweep, the Redis a cluster): so that several workers
	 * share a cluster's masters. Empty otherwise, and when Redis cannot be asked: then
	 * the job's turn says why.
	 */
	List<String> mastersApart(JobDefinition definition) {
		if (doneWithin == null || definition.isAudit()) {
			return List.of();
		}
		try {
			ClusterRouting cluster = context.getBean(RedisConnector.class).cluster();
			if (cluster == null) {
				return List.of();
			}
			cluster.refresh();
			return List.copyOf(cluster.slotsOfMasters().values());
		}
		catch (RuntimeException unreachable) {
			return List.of();
		}
	}

	/**
	 * @param masterSlots the one master of a cluster to sweep (see
	 * {@link #mastersApart}); null for the whole Redis
	 */
	int run(JobDefinition definition, String masterSlots) {
		try {
			SweepRequest request = SweepRequest.of(definition, stop, output.progress(context, definition))
				.withRate(rate)
				.withDoneWithin(doneWithin)
				.ofMaster(masterSlots);
			SweepResult result = context.getBean(UnattendedRun.class).run(request);
			if (result.alreadyDone()) {
				spec.commandLine()
					.getOut()
					.println(new Chore(definition.name(), masterSlots).label() + ": not swept again: "
							+ ExecutionHistory.describe(result.execution()));
				return ExitCodes.COMPLETED;
			}
			return SweepOutcome.report(result, definition, context, spec, common, output);
		}
		catch (Exception e) {
			if (doneWithin != null && (e instanceof LockHeldException || e.getCause() instanceof LockHeldException)) {
				return BUSY;
			}
			Failures.print(spec.commandLine().getErr(), e, common.verbose);
			return Failures.exitCode(e);
		}
	}

}
