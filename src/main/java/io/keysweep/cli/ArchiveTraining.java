package io.keysweep.cli;

/**
 * The fast start's training run (pom.xml, fast-start-archive, and the image's
 * Dockerfile): the JVM writes the classes this one process loads into the launcher's
 * class-data-sharing archive, and later starts map them from there instead of loading
 * them from the jars. It runs {@code jobs}, the start of the commands that only read the
 * job repository, and then a small {@code demo}, the start and step of a sweep (Jedis,
 * the classifiers, the report), which needs a redis-server on PATH: without one the demo
 * refuses, and the archive holds what {@code jobs} loaded. Arguments: the jobs directory
 * and a scratch data directory.
 */
public final class ArchiveTraining {

	private ArchiveTraining() {
	}

	public static void main(String[] args) {
		String[] dirs = { "--jobs-dir", args[0], "--data-dir", args[1] };
		int jobs = KeysweepCli.execute(with(dirs, "jobs"));
		KeysweepCli.execute(with(dirs, "demo", "--batches", "200"));
		// a training without Redis is still a training: only jobs must work
		System.exit(jobs);
	}

	private static String[] with(String[] dirs, String... command) {
		String[] all = new String[command.length + dirs.length];
		System.arraycopy(command, 0, all, 0, command.length);
		System.arraycopy(dirs, 0, all, command.length, dirs.length);
		return all;
	}

}
