package io.keysweep.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.keysweep.cli.KeysweepCli;

/** Runs the keysweep command line in this JVM and captures what it printed. */
public final class Cli {

	private Cli() {
	}

	public record Result(int exitCode, String out, String err) {
	}

	/**
	 * Runs a command against a test Redis, with the jobs in {@code dir/jobs} and the
	 * repository in {@code dir/data}.
	 */
	public static Result in(Path dir, String redisUrl, String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(List.of("--redis-url", redisUrl, "--jobs-dir", dir.resolve("jobs").toString(), "--data-dir",
				dir.resolve("data").toString()));
		return run(all.toArray(String[]::new));
	}

	public static Result run(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int code = KeysweepCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
		return new Result(code, out.toString(), err.toString());
	}

}
