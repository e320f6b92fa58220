package io.keysweep.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.keysweep.failure.OperatorException;
import io.keysweep.redis.RedisTargets.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading a targets file: Spring Boot's spring.data.redis shape per target, and the
 * refusals that keep a password out of it and a typo from going unnoticed.
 */
class RedisTargetsTest {

	@TempDir
	Path dir;

	private RedisTargets load(String targets) throws IOException {
		return RedisTargets.load(Files.writeString(dir.resolve("targets.yml"), "keysweep:\n  targets:\n" + targets));
	}

	private void refused(String targets, String message) {
		assertThatThrownBy(() -> load(targets)).isInstanceOf(OperatorException.class)
			.hasMessageContaining(message)
			.hasMessageNotContaining("s3cret");
	}

	@Test
	void readsEachTargetInTheShapeOfSpringDataRedis() throws IOException {
		Files.writeString(dir.resolve("password"), "s3cret\n");
		RedisTargets targets = load("""
				    sessions:
				      host: sessions.internal
				      port: 6380
				      database: 2
				      username: keysweep
				      password-file: %s
				      jobs: [a, b]
				    queues:
				      sentinel:
				        master: queues
				        nodes: [s1:26379, s2:26379]
				    cache:
				      cluster:
				        nodes: [c1:7000, c2:7000]
				      ssl:
				        enabled: true
				""".formatted(dir.resolve("password")));

		assertThat(targets.all()).containsExactly(new Target("sessions", java.util.List.of("a", "b")),
				new Target("queues", java.util.List.of()), new Target("cache", java.util.List.of()));
		assertThat(targets.named("sessions").runs("b")).isTrue();
		assertThat(targets.named("sessions").runs("c")).isFalse();
		assertThat(targets.named("queues").runs("c")).isTrue();
		RedisConnector sessions = targets.connector("sessions", null);
		assertThat(sessions.target()).isEqualTo("sessions");
		assertThat(sessions.endpoint()).hasToString("sessions.internal:6380/2");
		assertThat(sessions.endpoint().password()).isEqualTo("s3cret");
		assertThat(targets.connector("queues", null).endpoint()).hasToString("queues via sentinel s1:26379,s2:26379");
		assertThat(targets.connector("cache", null).endpoint().tls()).isTrue();
	}

	@Test
	void refusesAPasswordWrittenInTheFile() {
		refused("    a:\n      host: h\n      password: s3cret\n", "target 'a': a password is never written");
		refused("    a:\n      url: redis://u:s3cret@h:6379\n", "target 'a': its url carries a password");
		refused("    a:\n      sentinel:\n        master: m\n        nodes: [s:1]\n        password: s3cret\n",
				"target 'a': a password is never written in the file: give sentinel.password-file or "
						+ "sentinel.password-env");
	}

	@Test
	void readsTheSentinelsOwnLoginApartFromTheMasters() throws IOException {
		Files.writeString(dir.resolve("password"), "s3cret\n");
		Files.writeString(dir.resolve("sentinel-password"), "sentinel-s3cret\n");
		RedisTargets targets = load("""
				    queues:
				      sentinel:
				        master: queues
				        nodes: [s1:26379]
				        username: watcher
				        password-file: %s
				      username: keysweep
				      password-file: %s
				""".formatted(dir.resolve("sentinel-password"), dir.resolve("password")));

		RedisEndpoint endpoint = targets.connector("queues", null).endpoint();
		assertThat(endpoint.sentinelUsername()).isEqualTo("watcher");
		assertThat(endpoint.sentinelPassword()).isEqualTo("sentinel-s3cret");
		assertThat(endpoint.username()).isEqualTo("keysweep");
		assertThat(endpoint.password()).isEqualTo("s3cret");
		assertThat(endpoint).hasToString("queues via sentinel s1:26379");
	}

	@Test
	void refusesSentinelCredentialsItCannotUse() {
		String sentinel = "    a:\n      sentinel:\n        master: m\n        nodes: [s:1]\n";
		refused(sentinel + "        password-env: KEYSWEEP_TEST_UNSET_VARIABLE\n",
				"target 'a': sentinel.password-env names KEYSWEEP_TEST_UNSET_VARIABLE, which is not set");
		refused(sentinel + "        password-env: X\n        password-file: /f\n",
				"give sentinel.password-file or sentinel.password-env, not both");
		refused(sentinel + "        password-file: /nowhere/password\n",
				"sentinel.password-file: cannot read /nowhere/password");
		refused(sentinel + "        pasword-file: /f\n", "unknown setting keysweep.targets.a.sentinel.pasword-file");
		refused("    a:\n      host: h\n      sentinel:\n        username: watcher\n",
				"target 'a': sentinel.username, sentinel.password-file or sentinel.password-env given, but Redis at "
						+ "h:6379 is named directly");
	}

	@Test
	void refusesWhatItCannotUse() {
		refused("    a:\n      hots: h\n", "unknown setting keysweep.targets.a.hots");
		refused("    a:\n      host: h\n      password-env: KEYSWEEP_TEST_UNSET_VARIABLE\n",
				"password-env names KEYSWEEP_TEST_UNSET_VARIABLE, which is not set");
		refused("    a:\n      host: h\n      password-env: X\n      password-file: /f\n",
				"give password-file or password-env, not both");
		refused("    a:\n      host: h\n      password-file: /nowhere/password\n", "cannot read /nowhere/password");
		refused("    a:\n      url: http://h\n", "target 'a': invalid Redis URL");
		refused("    a:\n      port: many\n", "cannot read keysweep.targets.a.port");
		refused("    A_1:\n      host: h\n", "lower-case letters, digits and '-'");
		assertThatThrownBy(() -> RedisTargets.load(Files.writeString(dir.resolve("other.yml"), "spring: {}\n")))
			.hasMessageContaining("names no target");
		assertThatThrownBy(() -> RedisTargets.load(dir.resolve("none.yml")))
			.hasMessage("--targets: no file " + dir.resolve("none.yml"));
	}

}
