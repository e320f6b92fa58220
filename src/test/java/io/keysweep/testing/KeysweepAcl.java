package io.keysweep.testing;

import redis.clients.jedis.Jedis;

/**
 * The least-privilege ACL user src/docs/redis.md documents for keysweep, word for word
 * (AclExampleTest checks it), as tests create it.
 */
public final class KeysweepAcl {

	public static final String USER = "keysweep";

	public static final String PASSWORD = "sw33p-only";

	public static final String RULES = "on >" + PASSWORD + " resetkeys ~b-* ~batch-died ~keysweep:lock:* -@all "
			+ "+ping +client|setname +select +info +dbsize +randomkey +scan +sscan +type +pttl +exists +hexists "
			+ "+hget +object|idletime +memory|usage +expire +evalsha +script|load +srem +set +get +eval +pexpire "
			+ "+del +cluster|slots";

	private KeysweepAcl() {
	}

	/** (Re)creates the user on this server with these rules. */
	public static void grant(Jedis admin, String rules) {
		admin.aclDelUser(USER);
		admin.aclSetUser(USER, rules.split(" "));
	}

	/** A URL that logs in as the user at that port. */
	public static String url(int port) {
		return "redis://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port;
	}

}
