package io.keysweep.cli;

import io.keysweep.definition.JobDefinition;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --rate}: what an operator sets for one run instead of the definition's
 * {@code rate:}.
 */
final class RateOption {

	@Spec(Spec.Target.MIXEE)
	CommandSpec spec;

	/** Null when not given. */
	Long rate;

	@Option(names = "--rate", paramLabel = "N",
			description = "Read at most N keys per second, evenly, instead of the definition's rate (default: the "
					+ "definition's rate, else no limit). A resume keeps the rate its run was given unless given a "
					+ "new one. With run --all, every job's sweep is held to N.")
	void setRate(long rate) {
		OptionCheck.require(spec, rate > 0, "--rate must be a number of keys per second above zero");
		this.rate = rate;
	}

}
