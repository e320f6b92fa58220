package io.keysweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import io.keysweep.batch.SweepParameters;
import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.report.RunRecord;
import io.keysweep.tally.SweepCounts;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.Target;
import io.keysweep.testing.Targets;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * Rule-based definitions swept end to end, on Redis 7 (EXPIRE NX/LT) and Redis 6.2 (the
 * Lua script).
 */
class RulesSweepTest {

	private static final long DAY = 86_400;

	@RegisterExtension
	static final Targets targets = new Targets();

	static Stream<Target> servers() {
		return targets.both();
	}

	private static JobExecution sweep(Target target, Path jobs, String yaml) throws Exception {
		Definitions.write(jobs, "rules", yaml);
		JobDefinition definition = new JobDefinitions(jobs).load("rules");
		JobExecution execution = target.app()
			.launch(definition, SweepParameters.newRun(definition, false, 0, target.redis().url()));
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		return execution;
	}

	@ParameterizedTest
	@MethodSource("servers")
	void expiresIdleSessionsWithoutATtlAndKeepsTheRest(Target target, @TempDir Path jobs) throws Exception {
		target.redis().flushAll();
		try (Jedis redis = target.redis().client()) {
			redis.set("session:idle", "x");
			redis.set("session:busy", "x");
			redis.hset("session:hash", "k", "v");
			redis.set("session:expiring", "x", SetParams.setParams().ex(3600));
			redis.set("other:idle", "x");
			Thread.sleep(2_100); // OBJECT IDLETIME counts in seconds
			redis.get("session:busy");
		}
		JobExecution execution = sweep(target, jobs, """
				match: "session:*"
				rules:
				  - class: no-ttl-session
				    when: { ttl: none, type: string, idle-over: 1s }
				    expire: 14d
				  - class: other
				    keep: true
				""");

		try (Jedis redis = target.redis().client()) {
			assertThat(redis.ttl("session:idle")).isBetween(14 * DAY - 60, 14 * DAY);
			assertThat(redis.ttl("session:busy")).isEqualTo(-1);
			assertThat(redis.ttl("session:hash")).isEqualTo(-1);
			assertThat(redis.ttl("session:expiring")).isBetween(1L, 3600L);
			assertThat(redis.ttl("other:idle")).isEqualTo(-1);
		}
		SweepCounts counts = RunRecord.counts(execution);
		assertThat(counts.classes()).containsEntry("no-ttl-session", 1L).containsEntry("other", 3L);
		assertThat(counts.total(SweepCounts.EXPIRED)).isEqualTo(1);
	}

	@org.junit.jupiter.api.Test
	void saysSoWhenRedisDoesNotTrackIdleTime(@TempDir Path dir) {
		try (RedisServer lfu = RedisServer.latest("--maxmemory-policy", "allkeys-lfu")) {
			try (Jedis redis = lfu.client()) {
				redis.set("session:1", "x");
			}
			Cli.Result result = Cli.run("run", "sessions", "--jobs-dir",
					Definitions.SHIPPED.resolve("examples").toString(), "--redis-url", lfu.url(), "--data-dir",
					dir.toString());

			assertThat(result.exitCode()).isEqualTo(1);
			assertThat(result.err())
				.startsWith("keysweep: a definition's idle-over and audit --idle need OBJECT IDLETIME")
				.contains("LFU maxmemory-policy");
			assertThat(result.err().strip().lines()).hasSize(1);
			try (Jedis redis = lfu.client()) {
				assertThat(redis.ttl("session:1")).isEqualTo(-1);
			}
		}
	}

	@ParameterizedTest
	@MethodSource("servers")
	void clampShortensLongTtlsAndNeverLengthensOne(Target target, @TempDir Path jobs) throws Exception {
		target.redis().flushAll();
		try (Jedis redis = target.redis().client()) {
			redis.set("cache:long", "x", SetParams.setParams().ex(100 * DAY));
			redis.set("cache:short", "x", SetParams.setParams().ex(DAY));
			redis.set("cache:none", "x");
		}
		JobExecution execution = sweep(target, jobs, """
				match: "cache:*"
				rules:
				  - class: too-long
				    when: { ttl: over 7d }
				    clamp: 7d
				  - class: capped
				    when: { key: "cache:none" }
				    clamp: 7d
				  - class: fine
				    keep: true
				""");

		try (Jedis redis = target.redis().client()) {
			assertThat(redis.ttl("cache:long")).isBetween(7 * DAY - 60, 7 * DAY);
			assertThat(redis.ttl("cache:short")).isBetween(DAY - 60, DAY);
			// as with EXPIRE LT, a key that never expires counts as longer than any TTL
			assertThat(redis.ttl("cache:none")).isBetween(7 * DAY - 60, 7 * DAY);
		}
		assertThat(RunRecord.counts(execution).total(SweepCounts.EXPIRED)).isEqualTo(2);
	}

	@ParameterizedTest
	@MethodSource("servers")
	void buildsCompanionKeysFromTheKeyName(Target target, @TempDir Path jobs) throws Exception {
		target.redis().flushAll();
		try (Jedis redis = target.redis().client()) {
			redis.set("lock:1:owner", "w1");
			redis.set("lock:2:owner", "w2");
			redis.hset("job:2", "state", "running");
		}
		sweep(target, jobs, """
				match: "lock:*"
				rules:
				  - class: orphaned-lock
				    when: { ttl: none, key: "lock:(?<id>[0-9]+):owner", companion-missing: "job:${id}" }
				    expire: 1h
				  - class: held-lock
				    keep: true
				""");

		try (Jedis redis = target.redis().client()) {
			assertThat(redis.ttl("lock:1:owner")).isBetween(3_500L, 3_600L);
			assertThat(redis.ttl("lock:2:owner")).isEqualTo(-1);
			assertThat(redis.ttl("job:2")).isEqualTo(-1);
		}
	}

	@ParameterizedTest
	@MethodSource("servers")
	void jitterSpreadsExpiriesWithinItsBounds(Target target, @TempDir Path jobs) throws Exception {
		target.redis().flushAll();
		try (Jedis redis = target.redis().client()) {
			for (int i = 0; i < 300; i++) {
				redis.set("spread:" + i, "x");
			}
		}
		sweep(target, jobs, """
				match: "spread:*"
				jitter: 10%
				rules:
				  - class: spread
				    expire: 10d
				""");

		Set<Long> ttls = new HashSet<>();
		try (Jedis redis = target.redis().client()) {
			for (int i = 0; i < 300; i++) {
				long ttl = redis.ttl("spread:" + i);
				assertThat(ttl).isBetween(10 * DAY - 60, 11 * DAY);
				ttls.add(ttl / 3600);
			}
		}
		assertThat(ttls).as("hours the expiries fall in").hasSizeGreaterThan(10);
	}

	@ParameterizedTest
	@MethodSource("servers")
	void sweepsEachDatabaseInItsOwnStep(Target target, @TempDir Path jobs) throws Exception {
		target.redis().flushAll();
		try (Jedis redis = target.redis().client()) {
			for (int db : new int[] { 0, 3, 5 }) {
				redis.select(db);
				redis.set("tmp:" + db, "x");
			}
		}
		JobExecution execution = sweep(target, jobs, """
				match: "tmp:*"
				databases: [0, 3]
				rules:
				  - class: temporary
				    expire: 1d
				""");

		try (Jedis redis = target.redis().client()) {
			redis.select(0);
			assertThat(redis.ttl("tmp:0")).isPositive();
			redis.select(3);
			assertThat(redis.ttl("tmp:3")).isPositive();
			redis.select(5);
			assertThat(redis.ttl("tmp:5")).isEqualTo(-1);
		}
		assertThat(execution.getStepExecutions()).extracting(StepExecution::getStepName)
			.containsExactlyInAnyOrder("sweep-db0", "sweep-db3");
		assertThat(RunRecord.counts(execution).total(SweepCounts.EXPIRED)).isEqualTo(2);
	}

}
