package io.keysweep.cli;

import picocli.CommandLine.Option;

/** {@code --threads}: for the commands that sweep, how many masters of a Redis Cluster they sweep at once. */
final class ThreadsOption {

    @Option(names = "--threads", paramLabel = "N",
            description = "On a Redis Cluster: masters swept at once (default: one per master, up to the number of "
                    + "cores).")
    int threads;
}
