package io.keysweep.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Refuses options keysweep checks itself (a number out of its range, options that do not
 * go together) as picocli refuses one that does not parse: one line, exit 2, before
 * anything runs. Range checks are called from option setters, while picocli parses.
 */
final class OptionCheck {

	private OptionCheck() {
	}

	/**
	 * @param spec the command's spec (for a mixin, its mixee's), which picocli's error
	 * needs
	 */
	static void require(CommandSpec spec, boolean met, String message) {
		if (!met) {
			throw refusal(spec, message);
		}
	}

	static ParameterException refusal(CommandSpec spec, String message) {
		return new Refusal(spec, message);
	}

	/** keysweep's own refusal, whose message already says what to give instead. */
	static final class Refusal extends ParameterException {

		private Refusal(CommandSpec spec, String message) {
			super(spec.commandLine(), message);
		}

	}

}
