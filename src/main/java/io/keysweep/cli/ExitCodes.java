package io.keysweep.cli;

/** keysweep's exit codes: scripts and schedulers act on them. */
final class ExitCodes {

    static final int COMPLETED = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** The run completed, and crossed an alert threshold of its job definition. */
    static final int ALERT = 3;
    static final int STOPPED = 4;

    private ExitCodes() {
    }
}
