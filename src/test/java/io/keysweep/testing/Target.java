package io.keysweep.testing;

import java.nio.file.Path;

/**
 * One Redis server and a keysweep application pointed at it, shared by the tests of a
 * class. Not AutoCloseable on purpose: JUnit closes AutoCloseable arguments of a
 * parameterized test after each invocation.
 */
public record Target(String name, RedisServer redis, TestApp app) {

	public static Target of(String name, RedisServer redis, Path dataDir) {
		return new Target(name, redis, TestApp.start(redis.url(), dataDir));
	}

	public void stop() {
		app.close();
		redis.close();
	}

	@Override
	public String toString() {
		return name + " (Redis " + redis.version() + ")";
	}
}
