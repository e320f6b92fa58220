package io.keysweep.redis;

import io.keysweep.failure.OperatorException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * What the first contact with a server can show that no retry the next night will change:
 * a database the server does not have, INFO renamed or disabled, a port where something
 * other than Redis answers, a plain port named by a rediss:// URL. Each becomes an
 * {@link OperatorException} that says so; anything else stays what it was.
 */
final class UnusableServer {

	private UnusableServer() {
	}

	static RuntimeException explain(RedisAccessException failure, RedisEndpoint endpoint) {
		for (Throwable t = failure.getCause(); t != null && t.getCause() != t; t = t.getCause()) {
			if (t instanceof HandshakeTimeout.TlsHandshakeException handshake) {
				return new OperatorException("Redis at " + endpoint + ": " + handshake.getMessage(), failure);
			}
		}
		Throwable cause = failure.getCause();
		String message = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
		if (cause instanceof JedisDataException && message.startsWith("ERR DB index is out of range")) {
			return new OperatorException("Redis at " + endpoint + " has no database " + endpoint.database() + " ("
					+ message + "): give a database it has in the URL's path; 'databases' in its "
					+ "configuration says how many", failure);
		}
		if (cause instanceof JedisDataException && message.startsWith("ERR unknown command")) {
			return new OperatorException("Redis at " + endpoint + " does not know a command keysweep needs (" + message
					+ "): it may be renamed or disabled in its configuration (rename-command); "
					+ "keysweep needs INFO, SCAN, TYPE, TTL, EXPIRE and EVAL", failure);
		}
		if (cause instanceof JedisConnectionException && message.startsWith("Unknown reply")) {
			return new OperatorException("the server at " + endpoint + " does not answer as Redis does (" + message
					+ "): is that Redis's host and port?", failure);
		}
		return failure;
	}

}
