package io.keysweep.testing;

import java.io.PrintWriter;
import java.io.StringWriter;

import io.keysweep.cli.KeysweepCli;

/** Runs the keysweep command line in this JVM and captures what it printed. */
public final class Cli {

    private Cli() {
    }

    public record Result(int exitCode, String out, String err) {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KeysweepCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
