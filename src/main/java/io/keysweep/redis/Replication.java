package io.keysweep.redis;

/**
 * The server's place in replication, from {@code INFO replication}: a replica's keyspace
 * is its master's copy, so keysweep writes to it never, and says which master to sweep
 * instead.
 *
 * @param replica true for {@code role:slave}
 * @param master the master's {@code host:port} as the replica knows it, or null for a
 * master
 */
public record Replication(boolean replica, String master) {

	static Replication parse(String infoReplication) {
		boolean replica = false;
		String host = null;
		String port = null;
		for (String line : infoReplication.split("\r?\n")) {
			if (line.startsWith("role:")) {
				replica = line.substring("role:".length()).trim().equals("slave");
			}
			else if (line.startsWith("master_host:")) {
				host = line.substring("master_host:".length()).trim();
			}
			else if (line.startsWith("master_port:")) {
				port = line.substring("master_port:".length()).trim();
			}
		}
		return new Replication(replica, replica && host != null ? host + ":" + port : null);
	}
}
