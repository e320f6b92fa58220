package io.keysweep.cli;

import io.keysweep.definition.JobDefinition;
import io.keysweep.run.StopRequest;
import io.keysweep.run.SweepRequest;
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

	private final ConfigurableApplicationContext context;

	private final CommandSpec spec;

	private final CommonOptions common;

	private final SweepOutputOptions output;

	private final StopRequest stop;

	private final Long rate;

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

	int run(JobDefinition definition) {
		try {
			SweepRequest request = SweepRequest.of(definition, stop, output.progress(context, definition))
				.withRate(rate);
			return SweepOutcome.report(context.getBean(UnattendedRun.class).run(request), definition, context, spec,
					common, output);
		}
		catch (Exception e) {
			Failures.print(spec.commandLine().getErr(), e, common.verbose);
			return Failures.exitCode(e);
		}
	}

}
