package io.keysweep.cli;

import java.io.PrintWriter;
import java.util.List;

import io.keysweep.failure.OperatorException;
import io.keysweep.redis.RedisAccessException;

/** Turns what went wrong into one line on stderr and an exit code; a stack trace only with --verbose. */
final class Failures {

    /** Failures keysweep words itself; anything else is reported by its root cause. */
    private static final List<Class<? extends Throwable>> KNOWN = List.of(RedisAccessException.class,
            OperatorException.class);

    private Failures() {
    }

    static int exitCode(Throwable e) {
        Throwable known = known(e);
        if (known instanceof RedisAccessException redis) {
            return redis.isCredentialProblem() ? ExitCodes.OPERATOR_ERROR : ExitCodes.FAILED;
        }
        // anything else, a bug or a corrupt checkpoint included, is what it is: a failure a resume may get past
        return known instanceof OperatorException operator ? operator.exitCode() : ExitCodes.FAILED;
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

    private static boolean isOneOf(Throwable e, List<Class<? extends Throwable>> types) {
        return types.stream().anyMatch(type -> type.isInstance(e));
    }

    /** The exception that says what went wrong in keysweep's words, under any wrapping by Spring. */
    private static Throwable known(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (isOneOf(t, KNOWN)) {
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
