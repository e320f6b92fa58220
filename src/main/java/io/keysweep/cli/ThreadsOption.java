package io.keysweep.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --threads}: for the commands that sweep, how many masters of a Redis Cluster
 * they sweep at once.
 */
final class ThreadsOption {

	@Spec(Spec.Target.MIXEE)
	CommandSpec spec;

	/** 0: one per master, up to the number of cores. */
	int threads;

	@Option(names = "--threads", paramLabel = "N",
			description = "On a Redis Cluster: masters swept at once (default: one per master, up to the number of "
					+ "cores).")
	void setThreads(int threads) {
		OptionCheck.require(spec, threads >= 0, "--threads must not be negative");
		this.threads = threads;
	}

}
