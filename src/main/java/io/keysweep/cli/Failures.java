package io.keysweep.cli;

import java.io.PrintWriter;

import io.keysweep.job.InvalidDefinitionException;
import io.keysweep.redis.RedisAccessException;

/** Turns what went wrong into one line on stderr and an exit code; a stack trace only with --verbose. */
final class Failures {

    private Failures() {
    }

    static int exitCode(Throwable e) {
        Throwable known = known(e);
        if (known instanceof RedisAccessException redis) {
            return redis.isCredentialProblem() ? ExitCodes.USAGE : ExitCodes.FAILED;
        }
        if (known instanceof InvalidDefinitionException || known instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILED;
    }

    static void print(PrintWriter err, Throwable e, boolean verbose) {
        Throwable known = known(e);
        String message = known.getMessage() == null ? known.getClass().getSimpleName() : known.getMessage();
        err.println("keysweep: " + message);
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
    }

    /** The exception that says what went wrong in keysweep's words, under any wrapping by Spring. */
    private static Throwable known(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RedisAccessException || t instanceof InvalidDefinitionException
                    || t instanceof IllegalArgumentException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
