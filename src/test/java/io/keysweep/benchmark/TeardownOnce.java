package io.keysweep.benchmark;

/**
 * A teardown that runs once: when it is closed, or when the JVM exits first, so that a
 * benchmark stopped halfway leaves no namespace or server behind.
 */
final class TeardownOnce implements AutoCloseable {

	private final Runnable teardown;

	private final Thread onExit;

	private boolean done;

	TeardownOnce(Runnable teardown) {
		this.teardown = teardown;
		this.onExit = new Thread(this::run);
		Runtime.getRuntime().addShutdownHook(onExit);
	}

	private synchronized void run() {
		if (done) {
			return;
		}
		done = true;
		teardown.run();
	}

	@Override
	public void close() {
		try {
			Runtime.getRuntime().removeShutdownHook(onExit);
		}
		catch (IllegalStateException shuttingDown) {
			// run by the hook itself
		}
		run();
	}

}
