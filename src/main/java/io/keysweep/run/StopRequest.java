package io.keysweep.run;

/**
 * Asks a sweep running in this process to stop at its next chunk boundary, as
 * {@code keysweep stop} does from another process. Set from a signal handler's thread,
 * read by the step's.
 */
public final class StopRequest {

	private volatile boolean requested;

	public void request() {
		requested = true;
	}

	public boolean isRequested() {
		return requested;
	}

}
