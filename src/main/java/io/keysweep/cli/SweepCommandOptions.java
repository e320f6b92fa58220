package io.keysweep.cli;

import picocli.CommandLine.Mixin;

/**
 * The options of the commands that sweep a job they are given (run, resume, demo),
 * besides the common ones: how fast and on how many threads it sweeps, and what the run
 * shows and leaves behind.
 */
final class SweepCommandOptions {

	@Mixin
	RateOption rate;

	@Mixin
	ThreadsOption threads;

	@Mixin
	SweepOutputOptions output;

}
