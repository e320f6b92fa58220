package io.keysweep;

import static io.keysweep.testing.Keyspace.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.keysweep.batch.SweepParameters;
import io.keysweep.classify.Expiry;
import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.report.RunRecord;
import io.keysweep.tally.SweepCounts;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.Keyspace.KeyState;
import io.keysweep.testing.Keyspace;
import io.keysweep.testing.Target;
import io.keysweep.testing.Targets;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.infrastructure.item.Chunk;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * The shared table of what a sweep does with each kind of notify key, end to end through
 * Spring Batch, against Redis 7 (EXPIRE NX, when redis-server is on PATH) and Redis 6.2
 * (the Lua fallback).
 */
class SidekiqNotifySweepTest {

	private static final long DAY = 86_400;

	@RegisterExtension
	static final Targets targets = new Targets();

	static Stream<Target> servers() {
		return targets.both();
	}

	/** Every notify key and binary prefix: the definition matches any namespace. */
	private static JobDefinition anyNamespace(Path jobs) {
		Definitions.write(jobs, "notify", Definitions.notifyYaml("*b-*-notify", 50, 4));
		return new JobDefinitions(jobs).load("notify");
	}

	@ParameterizedTest
	@MethodSource("servers")
	void treatsEveryKindOfNotifyKeyAsTheSharedTableSays(Target target, @TempDir Path jobs) throws Exception {
		target.redis().flushAll();
		byte[] binaryNamespace = concat(new byte[] { (byte) 0xff, (byte) 0xfe, ':' }, bytes("b-binary0000000a-notify"));
		try (Jedis redis = target.redis().client()) {
			redis.set("b-leaked0000000a-notify", "1");
			redis.set("b-ab-cd_ef-gh-ij-notify", "1"); // a bid with '-' and '_'
			redis.set("b-0123456789abcdef-notify", "2"); // Pro 1.x hex bid
			redis.set(binaryNamespace, bytes("1")); // not valid UTF-8
			batch(redis, "deleted000000a", "1", -1);
			batch(redis, "succeeded0000a", "2", DAY);
			batch(redis, "myapp:", "nsDeleted0000a", "1", -1);
			batch(redis, "live0000000000", null, 180 * DAY); // a dead batch's hash lives
																// 180 days
			batch(redis, "liveNoTtl00000", null, -1);
			batch(redis, "liveShort00000", null, 5 * DAY);
			batch(redis, "shard000000000@@2", null, -1); // Pro 2.1 to 5.1 shard suffix
			redis.set("b-hasLongTtl000a-notify", "1", SetParams.setParams().ex(100 * DAY));
			redis.set("b-hasShortTtl00a-notify", "2", SetParams.setParams().ex(60));
			redis.rpush("b-wrongType0000a-notify", "x");
			redis.set("b-short-notify", "1");
			redis.set("queue:default", "x");
			redis.set("cache:1", "x", SetParams.setParams().ex(1000));
			redis.set(new byte[] { 0, 1, 2, (byte) 0x80 }, new byte[] { 3 });
			redis.configResetStat();
		}
		List<byte[]> toExpire = List.of(bytes("b-leaked0000000a-notify"), bytes("b-ab-cd_ef-gh-ij-notify"),
				bytes("b-0123456789abcdef-notify"), binaryNamespace, bytes("b-deleted000000a-notify"),
				bytes("b-succeeded0000a-notify"), bytes("myapp:b-nsDeleted0000a-notify"),
				bytes("b-live0000000000-notify"), bytes("b-liveNoTtl00000-notify"), bytes("b-liveShort00000-notify"),
				bytes("b-shard000000000@@2-notify"));
		Map<ByteBuffer, KeyState> before = snapshot(target);

		JobExecution execution = sweep(target, anyNamespace(jobs));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		try (Jedis redis = target.redis().client()) {
			for (byte[] key : toExpire) {
				long expected = new String(key).contains("live00") ? 180 * DAY : 30 * DAY;
				assertThat(redis.ttl(key)).as(new String(key)).isBetween(expected - 60, expected);
			}
			assertThat(redis.ttl("b-hasLongTtl000a-notify")).isGreaterThan(99 * DAY);
			assertThat(redis.ttl("b-hasShortTtl00a-notify")).isBetween(1L, 60L);
		}
		assertThat(Keyspace.sameExceptTtlDrift(Keyspace.without(before, toExpire),
				Keyspace.without(snapshot(target), toExpire), 60_000))
			.isTrue();

		SweepCounts counts = RunRecord.counts(execution);
		assertThat(counts.classes()).containsExactlyInAnyOrderEntriesOf(
				Map.of("leaked", 4L, "deleted", 3L, "live", 4L, "has-ttl", 2L, "not-a-batch-key", 2L));
		assertThat(counts.total(SweepCounts.SCANNED)).isEqualTo(15);
		assertThat(counts.total(SweepCounts.MATCHING)).isEqualTo(13);
		assertThat(counts.total(SweepCounts.EXPIRED)).isEqualTo(11);
		assertThat(counts.samples().get("not-a-batch-key")).containsExactlyInAnyOrder("b-short-notify",
				"b-wrongType0000a-notify");
		assertThat(counts.samples().get("leaked")).contains("\\xff\\xfe:b-binary0000000a-notify");

		Map<String, Long> calls = commandCalls(target);
		// the conditional write, one script call per key on every version, runs the
		// EXPIRE
		assertThat(calls).containsEntry("evalsha", 11L).containsEntry("expire", 11L);
		assertThat(calls).doesNotContainKey("keys").doesNotContainKey("del").doesNotContainKey("unlink");
	}

	@ParameterizedTest
	@MethodSource("servers")
	void aTypeFilterReadsOnlyKeysOfThatTypeAndAsksNoType(Target target, @TempDir Path jobs) throws Exception {
		target.redis().flushAll();
		try (Jedis redis = target.redis().client()) {
			redis.set("b-leaked0000000a-notify", "1");
			batch(redis, "deleted000000a", "1", -1);
			batch(redis, "live0000000000", null, 180 * DAY);
			redis.set("b-hasLongTtl000a-notify", "1", SetParams.setParams().ex(100 * DAY));
			redis.rpush("b-wrongType0000a-notify", "x");
			redis.configResetStat();
		}
		Definitions.write(jobs, "strings", Definitions.notifyYaml("b-*-notify", 50, 4) + "type: string\n");

		JobExecution execution = sweep(target, new JobDefinitions(jobs).load("strings"));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		try (Jedis redis = target.redis().client()) {
			assertThat(redis.ttl("b-leaked0000000a-notify")).isBetween(30 * DAY - 60, 30 * DAY);
			assertThat(redis.ttl("b-deleted000000a-notify")).isBetween(30 * DAY - 60, 30 * DAY);
			assertThat(redis.ttl("b-live0000000000-notify")).isBetween(180 * DAY - 60, 180 * DAY);
			assertThat(redis.ttl("b-wrongType0000a-notify")).isEqualTo(-1);
		}
		SweepCounts counts = RunRecord.counts(execution);
		assertThat(counts.classes())
			.containsExactlyInAnyOrderEntriesOf(Map.of("leaked", 1L, "deleted", 1L, "live", 1L, "has-ttl", 1L));
		assertThat(counts.total(SweepCounts.SCANNED)).isEqualTo(4);
		// no TYPE in the lookups: the only ones are inside the conditional write, one per
		// key it expired
		assertThat(commandCalls(target)).containsEntry("type", 3L).containsEntry("evalsha", 3L).containsKey("scan");
	}

	@ParameterizedTest
	@MethodSource("servers")
	void leavesAKeyThatChangedBetweenTheScanAndTheWrite(Target target, @TempDir Path jobs) throws Exception {
		target.redis().flushAll();
		try (Jedis redis = target.redis().client()) {
			redis.set("b-goneBeforeWrit-notify", "1");
			redis.set("b-ttlBeforeWrite-notify", "1");
			redis.set("b-untouched00000-notify", "1");
		}
		ItemWriteListener<Expiry> meddler = new ItemWriteListener<>() {
			@Override
			public void beforeWrite(Chunk<? extends Expiry> items) {
				try (Jedis redis = target.redis().client()) {
					redis.del("b-goneBeforeWrit-notify");
					redis.expire("b-ttlBeforeWrite-notify", 500);
				}
			}
		};
		JobExecution execution = sweep(target, anyNamespace(jobs), meddler);

		SweepCounts counts = RunRecord.counts(execution);
		assertThat(counts.total(SweepCounts.EXPIRED)).isEqualTo(1);
		assertThat(counts.total(SweepCounts.CHANGED_MEANWHILE)).isEqualTo(2);
		try (Jedis redis = target.redis().client()) {
			assertThat(redis.exists("b-goneBeforeWrit-notify")).isFalse();
			assertThat(redis.ttl("b-ttlBeforeWrite-notify")).isBetween(1L, 500L);
			assertThat(redis.ttl("b-untouched00000-notify")).isGreaterThan(29 * DAY);
		}
	}

	/**
	 * The job promises to touch strings only: a notify key deleted and made a hash of the
	 * same name after its page was looked up is another key, and keeps its own (no)
	 * expiry.
	 */
	@ParameterizedTest
	@MethodSource("servers")
	void leavesAKeyReCreatedAsAnotherTypeBetweenItsLookupAndTheWrite(Target target, @TempDir Path jobs)
			throws Exception {
		target.redis().flushAll();
		List<String> keys = java.util.stream.IntStream.range(0, 12)
			.mapToObj("b-reCreated%05d-notify"::formatted)
			.toList();
		try (Jedis redis = target.redis().client()) {
			keys.forEach(key -> redis.set(key, "1"));
		}
		Definitions.write(jobs, "strings", Definitions.notifyYaml("b-*-notify", 50, 4) + "type: string\n");
		ItemWriteListener<Expiry> reCreator = new ItemWriteListener<>() {
			@Override
			public void beforeWrite(Chunk<? extends Expiry> items) {
				try (Jedis redis = target.redis().client()) {
					for (Expiry expiry : items) {
						redis.del(expiry.key());
						redis.hset(expiry.key(), bytes("total"), bytes("3"));
					}
				}
			}
		};

		JobExecution execution = sweep(target, new JobDefinitions(jobs).load("strings"), reCreator);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		SweepCounts counts = RunRecord.counts(execution);
		assertThat(counts.total(SweepCounts.EXPIRED)).isZero();
		assertThat(counts.total(SweepCounts.CHANGED_MEANWHILE)).isEqualTo(keys.size());
		try (Jedis redis = target.redis().client()) {
			for (String key : keys) {
				assertThat(redis.type(key)).as(key).isEqualTo("hash");
				assertThat(redis.ttl(key)).as(key).isEqualTo(-1L);
			}
		}
	}

	@ParameterizedTest
	@MethodSource("servers")
	void aDryRunWritesNothingAndCountsWhatItWouldExpire(Target target, @TempDir Path jobs) throws Exception {
		target.redis().flushAll();
		try (Jedis redis = target.redis().client()) {
			for (int i = 0; i < 30; i++) {
				redis.set("b-dryRun%08d-notify".formatted(i), "1");
			}
		}
		Map<ByteBuffer, KeyState> before = snapshot(target);
		JobDefinition definition = anyNamespace(jobs);

		JobExecution execution = target.app()
			.launch(definition, SweepParameters.newRun(definition, true, 0, target.redis().url()));

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(RunRecord.counts(execution).total(SweepCounts.WOULD_EXPIRE)).isEqualTo(30);
		assertThat(RunRecord.counts(execution).total(SweepCounts.EXPIRED)).isZero();
		assertThat(snapshot(target)).isEqualTo(before);
	}

	@org.junit.jupiter.api.Test
	void reloadsTheScriptWhenRedisForgetsIt(@TempDir Path jobs) throws Exception {
		targets.v62().redis().flushAll();
		try (Jedis redis = targets.v62().redis().client()) {
			for (int i = 0; i < 20; i++) {
				redis.set("b-noScript%06d-notify".formatted(i), "1");
			}
			redis.configResetStat();
		}
		ItemWriteListener<Expiry> flusher = new ItemWriteListener<>() {
			@Override
			public void beforeWrite(Chunk<? extends Expiry> items) {
				try (Jedis redis = targets.v62().redis().client()) {
					redis.scriptFlush();
				}
			}
		};
		JobExecution execution = sweep(targets.v62(), anyNamespace(jobs), flusher);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(RunRecord.counts(execution).total(SweepCounts.EXPIRED)).isEqualTo(20);
		// five chunks of four: each sent once, answered NOSCRIPT, and sent again after
		// one SCRIPT LOAD
		assertThat(commandCalls(targets.v62())).containsEntry("evalsha", 40L);
	}

	private static JobExecution sweep(Target target, JobDefinition definition, ItemWriteListener<?>... listeners)
			throws Exception {
		return target.app()
			.launch(definition, SweepParameters.newRun(definition, false, 0, target.redis().url()), listeners);
	}

	/**
	 * The notify key, and its batch hash with {@code deleted} set to the given value (or
	 * absent when null).
	 */
	private static void batch(Jedis redis, String bid, String deleted, long hashTtlSeconds) {
		batch(redis, "", bid, deleted, hashTtlSeconds);
	}

	private static void batch(Jedis redis, String namespace, String bid, String deleted, long hashTtlSeconds) {
		String hash = namespace + "b-" + bid;
		redis.set(hash + "-notify", "1");
		redis.hset(hash, "total", "3");
		if (deleted != null) {
			redis.hset(hash, "deleted", deleted);
		}
		if (hashTtlSeconds > 0) {
			redis.expire(hash, hashTtlSeconds);
		}
	}

	private static Map<ByteBuffer, KeyState> snapshot(Target target) {
		try (Jedis redis = target.redis().client()) {
			return Keyspace.snapshot(redis);
		}
	}

	private static Map<String, Long> commandCalls(Target target) {
		try (Jedis redis = target.redis().client()) {
			Map<String, Long> calls = new java.util.HashMap<>();
			for (String line : redis.info("commandstats").split("\r?\n")) {
				if (line.startsWith("cmdstat_")) {
					String name = line.substring("cmdstat_".length(), line.indexOf(':'));
					String count = line.substring(line.indexOf("calls=") + 6,
							line.indexOf(',', line.indexOf("calls=")));
					calls.put(name, Long.parseLong(count));
				}
			}
			return calls;
		}
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] out = new byte[a.length + b.length];
		System.arraycopy(a, 0, out, 0, a.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

}
