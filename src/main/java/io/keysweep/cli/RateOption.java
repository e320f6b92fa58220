package io.keysweep.cli;

import io.keysweep.definition.JobDefinition;
import picocli.CommandLine.Option;

/** {@code --rate}: what an operator sets for one run instead of the definition's {@code rate:}. */
final class RateOption {

    @Option(names = "--rate", paramLabel = "N",
            description = "Read at most N keys per second, evenly, instead of the definition's rate (default: the "
                    + "definition's rate, else no limit). With run --all, every job's sweep is held to N.")
    Long rate;

    /** Refuses a rate that is not a number of keys per second, before anything runs. */
    void check() {
        if (rate != null && rate <= 0) {
            throw new IllegalArgumentException("--rate must be a number of keys per second above zero");
        }
    }

    /** The definition held to the command line's rate, when it gives one. */
    JobDefinition apply(JobDefinition definition) {
        check();
        return rate == null ? definition : definition.withRate(rate);
    }
}
