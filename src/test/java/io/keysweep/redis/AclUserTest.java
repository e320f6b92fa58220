package io.keysweep.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.KeysweepAcl;
import io.keysweep.testing.SharedRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The shipped Sidekiq jobs under exactly the least-privilege ACL the README documents,
 * and a clear one-line failure with exit code 2 when one permission is missing.
 */
class AclUserTest {

	@RegisterExtension
	static final SharedRedis redis = SharedRedis.serverOnly();

	@TempDir
	Path dir;

	private static void user(String rules) {
		try (Jedis admin = redis.client()) {
			KeysweepAcl.grant(admin, rules);
		}
	}

	/** Runs a shipped job as the ACL user. */
	private Cli.Result run(String job) {
		return Cli.run("run", job, "--jobs-dir", Definitions.SHIPPED.toString(), "--data-dir",
				dir.resolve("data").toString(), "--redis-url", KeysweepAcl.url(redis.server().port()));
	}

	@Test
	void sweepsBothShippedJobsWithTheDocumentedAcl() {
		user(KeysweepAcl.RULES);
		List<String> leaked;
		List<String> live;
		try (Jedis jedis = redis.client()) {
			leaked = BatchKeys.leaked(jedis, 30);
			live = BatchKeys.live(jedis, 20);
			jedis.sadd("batch-died", "GONEGONEGONE00", "GONEGONEGONE01");
		}

		Cli.Result notify = run("sidekiq-batch-notify");
		assertThat(notify.exitCode()).as(notify.err()).isZero();
		assertThat(notify.out()).contains("expired 50");
		Cli.Result keys = run("sidekiq-batch-keys");
		assertThat(keys.exitCode()).as(keys.err()).isZero();
		assertThat(keys.err()).isEmpty();

		try (Jedis jedis = redis.client()) {
			for (String key : leaked) {
				assertThat(jedis.ttl(key)).as(key).isGreaterThan(2_591_000L);
			}
			for (String key : live) {
				assertThat(jedis.ttl(key)).as(key).isGreaterThan(2_591_000L);
			}
			assertThat(jedis.exists("batch-died")).isFalse();
			assertThat(jedis.keys("keysweep:lock:*")).isEmpty();
		}
	}

	@Test
	void aMissingPermissionFailsWithOneLineNamingTheCommandAndExitCode2() {
		// the conditional EXPIRE runs inside a script, where Redis names no command
		assertThat(refusedWithout("+expire")).startsWith("keysweep: Redis at 127.0.0.1:" + redis.server().port()
				+ " denied keysweep's user a command inside keysweep's Lua script (the expiry script runs TYPE, PTTL "
				+ "and EXPIRE: grant +type +pttl +expire;");
	}

	@Test
	void aUserWithoutEvalCannotTakeTheLockAndNothingIsSwept() {
		assertThat(refusedWithout("+eval"))
			.contains("cannot take and renew the lock keysweep:lock:sidekiq-batch-notify")
			.contains("the 'eval' command (grant +eval)");
		try (Jedis jedis = redis.client()) {
			assertThat(jedis.exists("keysweep:lock:sidekiq-batch-notify")).isFalse();
		}
	}

	/**
	 * Runs the notify job as a user lacking one permission of the documented ACL: exit 2,
	 * nothing swept, no password shown.
	 * @return the one line on stderr
	 */
	private String refusedWithout(String permission) {
		user(KeysweepAcl.RULES.replace(" " + permission + " ", " "));
		List<String> leaked;
		try (Jedis jedis = redis.client()) {
			leaked = BatchKeys.leaked(jedis, 5);
		}

		Cli.Result result = run("sidekiq-batch-notify");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.out() + result.err()).doesNotContain(KeysweepAcl.PASSWORD);
		try (Jedis jedis = redis.client()) {
			assertThat(jedis.ttl(leaked.get(0))).isEqualTo(-1);
		}
		assertThat(result.err().strip().lines()).hasSize(1);
		return result.err().strip();
	}

	@Test
	void aKeyOutsideThePatternsIsNamedAsSuch() {
		user(KeysweepAcl.RULES.replace(" ~keysweep:lock:* ", " "));

		Cli.Result result = run("sidekiq-batch-notify");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err().strip().lines()).hasSize(1);
		assertThat(result.err()).contains("denied keysweep's user access to a key (its key patterns do not cover it)")
			.contains("the lock keysweep:lock:sidekiq-batch-notify")
			.contains("~keysweep:lock:*");
	}

}
