package io.keysweep.redis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what an ACL user was denied from a Redis error, so that the operator learns which
 * permission to grant instead of a vague "refused". Redis names the command in its NOPERM
 * reply ("no permissions to run the 'expire' command"), not always the key, and only says
 * "can't run this command" for a command inside a script.
 */
final class AclDenial {

	private static final Pattern COMMAND = Pattern.compile("no permissions to run the '([^']+)' command");

	private static final Pattern CHANNEL_OR_KEY = Pattern
		.compile("no permissions to access one of the (keys|channels)");

	private AclDenial() {
	}

	/**
	 * What was denied, e.g. "the 'expire' command", or null when the error is not an ACL
	 * denial.
	 */
	static String of(String message) {
		if (message == null) {
			return null;
		}
		Matcher command = COMMAND.matcher(message);
		if (message.startsWith("NOPERM") && command.find()) {
			return "the '" + command.group(1) + "' command (grant +" + command.group(1) + ")";
		}
		Matcher keys = CHANNEL_OR_KEY.matcher(message);
		if (message.startsWith("NOPERM") && keys.find()) {
			return "access to a " + keys.group(1).substring(0, keys.group(1).length() - 1)
					+ " (its key patterns do not cover it)";
		}
		if (message.startsWith("NOPERM")) {
			return "a command or key";
		}
		if (message.contains("The user executing the script can't run this command")) {
			// Redis names only the script: say which commands keysweep's scripts run
			return "a command inside keysweep's Lua script (the expiry script runs TYPE, PTTL and EXPIRE: grant "
					+ "+type +pttl +expire; the lock's run EXISTS, SET, GET, PEXPIRE and DEL)";
		}
		return null;
	}

}
