package io.keysweep.lock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who holds a sweep lock, as stored in its value:
 * {@code host=web-1 pid=4242 since=2025-06-01T03:00:00Z
 * token=... pids=<boot id>/<pid namespace>}. Readable with a plain GET; the token tells
 * the holder's own value from a successor's.
 *
 * @param pids which processes {@code pid} counts among: the Linux boot and pid namespace
 * the holder ran in, or null where that is unknown (another system, or a value written
 * before keysweep recorded it)
 */
record LockHolder(String host, long pid, Instant since, String token, String pids) {

	String value() {
		return "host=" + host + " pid=" + pid + " since=" + since + " token=" + token
				+ (pids == null ? "" : " pids=" + pids);
	}

	/**
	 * True when this holder's process is provably gone, as seen by {@code me}: same host,
	 * same boot and pid namespace (so the same pid means the same process table: a
	 * container sharing the host's name but not its processes does not count), and no
	 * process with that pid, or one started after the holder took the lock (the pid was
	 * reused). Anything less proves nothing, and the lock is left to expire.
	 */
	boolean provablyGoneFor(LockHolder me) {
		if (pids == null || !pids.equals(me.pids) || !host.equals(me.host)) {
			return false;
		}
		Optional<ProcessHandle> process = ProcessHandle.of(pid);
		if (process.isEmpty() || !process.get().isAlive()) {
			return true;
		}
		// since is truncated to the second and set after the holder started
		return process.get().info().startInstant().map(start -> start.isAfter(since.plusSeconds(1))).orElse(false);
	}

	/** This process's boot and pid namespace, or null where /proc does not tell them. */
	static String currentPids() {
		try {
			String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
			String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
			return boot + "/" + namespace.replaceAll("\\D", "");
		}
		catch (IOException | UnsupportedOperationException | SecurityException unknown) {
			return null;
		}
	}

	/** The holder a value names, or null when keysweep did not write it. */
	static LockHolder parse(String value) {
		Map<String, String> fields = new HashMap<>();
		for (String field : value.split(" ")) {
			int eq = field.indexOf('=');
			if (eq > 0) {
				fields.put(field.substring(0, eq), field.substring(eq + 1));
			}
		}
		if (!fields.keySet().containsAll(List.of("host", "pid", "since", "token"))) {
			return null;
		}
		try {
			return new LockHolder(fields.get("host"), Long.parseLong(fields.get("pid")),
					Instant.parse(fields.get("since")), fields.get("token"), fields.get("pids"));
		}
		catch (RuntimeException notOurs) {
			return null;
		}
	}
}
