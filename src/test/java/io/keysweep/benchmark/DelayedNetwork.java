package io.keysweep.benchmark;

import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A network namespace joined to the host by a veth pair whose two ends each hold every
 * packet back with {@code tc netem}, so that a round trip between the host and the
 * namespace takes twice the delay longer. It needs root, iproute2 and a kernel with
 * netem: where one is missing, it throws JUnit's {@code TestAbortedException} with the
 * reason, which skips the calling test unless that catches it. Named after this JVM's
 * PID; what a killed run of the same PID left is deleted first. Torn down on
 * {@link #close()}, and by a shutdown hook when the test JVM is stopped halfway.
 */
final class DelayedNetwork implements AutoCloseable {

	private final String namespace;

	private final String hostEnd;

	private final String namespaceEnd;

	private final String hostAddress;

	private final String namespaceAddress;

	private TeardownOnce teardown;

	private DelayedNetwork(long pid) {
		namespace = "keysweep-bench-" + pid;
		// interface names hold at most 15 characters; a PID at most 7 digits
		hostEnd = "ksb" + pid + "h";
		namespaceEnd = "ksb" + pid + "n";
		// a /30 of 10.251.0.0/16 per PID: the link of a run killed with SIGKILL stays up,
		// and must not take this
		// run's route
		int block = (int) (pid % 16_384);
		String prefix = "10.251." + block / 64 + ".";
		hostAddress = prefix + (block % 64 * 4 + 1);
		namespaceAddress = prefix + (block % 64 * 4 + 2);
	}

	static DelayedNetwork create(Duration oneWayDelay) {
		assumeTrue(onPath("ip") && onPath("tc"), "no ip or tc (iproute2) on PATH");
		assumeTrue(run("id", "-u").output().equals("0"), "a network namespace and tc netem need root");
		DelayedNetwork network = new DelayedNetwork(ProcessHandle.current().pid());
		// what a run killed halfway with this PID left behind
		network.delete();
		network.teardown = new TeardownOnce(network::delete);
		try {
			network.setUp(oneWayDelay);
			return network;
		}
		catch (RuntimeException | Error e) {
			network.close();
			throw e;
		}
	}

	private void setUp(Duration oneWayDelay) {
		abortUnless(run("ip", "netns", "add", namespace), "cannot create a network namespace");
		abortUnless(run("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", namespaceEnd),
				"cannot create a veth pair");
		must("ip", "link", "set", namespaceEnd, "netns", namespace);
		must("ip", "addr", "add", hostAddress + "/30", "dev", hostEnd);
		must("ip", "link", "set", hostEnd, "up");
		must(inNamespace("ip", "addr", "add", namespaceAddress + "/30", "dev", namespaceEnd));
		must(inNamespace("ip", "link", "set", namespaceEnd, "up"));
		must(inNamespace("ip", "link", "set", "lo", "up"));
		String delay = oneWayDelay.toNanos() / 1000 + "us";
		abortUnless(run("tc", "qdisc", "add", "dev", hostEnd, "root", "netem", "delay", delay),
				"tc cannot add a netem qdisc (the kernel needs sch_netem)");
		must(inNamespace("tc", "qdisc", "add", "dev", namespaceEnd, "root", "netem", "delay", delay));
	}

	/**
	 * The address of the namespace's end of the link: what a server inside binds and the
	 * host connects to.
	 */
	String namespaceAddress() {
		return namespaceAddress;
	}

	/**
	 * A command line that runs the command inside the namespace ({@code ip netns exec}
	 * execs it in place).
	 */
	String[] inNamespace(String... command) {
		List<String> line = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
		line.addAll(List.of(command));
		return line.toArray(String[]::new);
	}

	@Override
	public void close() {
		teardown.close();
	}

	/**
	 * Deleting the namespace takes its veth end, and so the pair, with it; the host end
	 * goes too if it is left.
	 */
	private void delete() {
		run("ip", "netns", "del", namespace);
		run("ip", "link", "del", hostEnd);
	}

	private record Outcome(int exitCode, String output) {
	}

	private static Outcome run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			return new Outcome(process.waitFor(), output);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static void must(String... command) {
		Outcome outcome = run(command);
		if (outcome.exitCode() != 0) {
			throw new IllegalStateException(String.join(" ", command) + ": " + outcome.output());
		}
	}

	private static void abortUnless(Outcome outcome, String reason) {
		if (outcome.exitCode() != 0) {
			abort(reason + ": " + outcome.output().replace('\n', ' '));
		}
	}

	private static boolean onPath(String program) {
		return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
	}

}
