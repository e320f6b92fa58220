package io.keysweep.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.keysweep.run.StopRequest;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM while a sweep runs: the first asks it to stop at the next
 * chunk boundary, as {@code keysweep stop} would; the second exits at once. Handling the
 * signals, rather than a shutdown hook, is what lets the process finish the chunk and
 * still exit with its own code: once the JVM shuts down, it would neither wait for the
 * chunk nor heed a second signal. The previous handlers come back on close.
 */
final class SignalTrap implements AutoCloseable {

	private static final List<String> SIGNALS = List.of("INT", "TERM");

	private final StopRequest stop = new StopRequest();

	private final PrintWriter err;

	private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

	private final AtomicInteger received = new AtomicInteger();

	private SignalTrap(PrintWriter err) {
		this.err = err;
	}

	static SignalTrap install(PrintWriter err) {
		SignalTrap trap = new SignalTrap(err);
		for (String name : SIGNALS) {
			Signal signal = new Signal(name);
			try {
				trap.previous.put(signal, Signal.handle(signal, trap::handle));
			}
			catch (IllegalArgumentException usedByTheJvm) {
				// e.g. under -Xrs: the signal keeps its default meaning
			}
		}
		return trap;
	}

	StopRequest stopRequest() {
		return stop;
	}

	private void handle(Signal signal) {
		if (received.incrementAndGet() == 1) {
			stop.request();
			err.println("keysweep: SIG" + signal.getName() + ": stopping at the next chunk boundary, with its "
					+ "checkpoint saved (send it again to exit at once)");
		}
		else {
			err.println("keysweep: SIG" + signal.getName() + " again: exiting at once; the checkpoint of the last "
					+ "committed chunk stands");
			err.flush();
			// the shell's code for death by this signal; nothing else runs, as asked
			Runtime.getRuntime().halt(128 + signal.getNumber());
		}
	}

	@Override
	public void close() {
		previous.forEach(Signal::handle);
	}

}
