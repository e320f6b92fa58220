package io.keysweep.progress;

/** Shows a running sweep's progress: log lines, or a bar on an interactive terminal. */
interface ProgressDisplay {

	/**
	 * @param expected the keys the sweep is expected to read, or null when unknown
	 */
	void start(String job, Long expected);

	void update(Progress progress);

	/**
	 * @param last where the sweep ended
	 */
	void finish(Progress last);

}
