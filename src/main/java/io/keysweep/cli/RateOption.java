package io.keysweep.cli;

import io.keysweep.job.JobDefinition;
import picocli.CommandLine.Option;

/** {@code --rate}: what an operator sets for one run instead of the definition's {@code rate:}. */
final class RateOption {

    @Option(names = "--rate", paramLabel = "N",
            description = "Read at most N keys per second, evenly (default: the definition's rate, else no limit).")
    Long rate;

    /** The definition held to the command line's rate, when it gives one. */
    JobDefinition apply(JobDefinition definition) {
        if (rate == null) {
            return definition;
        }
        if (rate <= 0) {
            throw new IllegalArgumentException("--rate must be a number of keys per second above zero");
        }
        return definition.withRate(rate);
    }
}
