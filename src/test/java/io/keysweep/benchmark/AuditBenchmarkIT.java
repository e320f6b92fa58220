package io.keysweep.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.keysweep.testing.Definitions;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code keysweep audit} in {@code -Xmx128m} on a keyspace of millions of keys whose
 * patterns are unbounded, beside a hand-written pipelined SCAN+TYPE+PTTL loop in plain
 * Jedis on the same Redis: {@code ./mvnw -B -Pbenchmark verify -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=AuditBenchmarkIT}. Sizes with
 * {@code -Dkeysweep.benchmark.audit-keys=1000000,10000000}, repetitions with
 * {@code -Dkeysweep.benchmark.runs=3} (default 1); the medians are printed. The audit
 * runs twice: as the {@code audit} command, and as a job of {@code kind: audit} whose
 * SCANs may hold Redis 5 ms rather than 1 ms. An audit is read-only, so every contender
 * reads the same keyspace, seeded once. It asserts only that the audit completed in its
 * 128 MiB heap and that its counts are exact: every key, and every key without a TTL,
 * that the loop counted.
 */
@Tag("benchmark")
class AuditBenchmarkIT {

	private static final String STEP = "keysweep audit, the step alone";

	private static final String LOOP = "pipelined plain Jedis, SCAN COUNT 1000 + one TYPE/PTTL pipeline a page";

	/**
	 * A tenth of the keys each: Sidekiq Pro notify counters (three tenths, no TTL), batch
	 * hashes (30 days), sessions (two tenths, 1 h to 1 d), Rails view caches (7 days),
	 * counters (no TTL), and two tenths named by a lower-case word the pattern rule
	 * cannot take for an id: a pattern of their own each, unbounded.
	 */
	private static final String SEED = """
			local function word(n)
			  local s = ''
			  repeat s = string.char(97 + n % 26) .. s; n = math.floor(n / 26) until n == 0
			  return s
			end
			for i = tonumber(ARGV[1]), tonumber(ARGV[2]) - 1 do
			  local m = i % 10
			  local bid = string.format('%014x', i)
			  if m < 3 then redis.call('SET', 'b-' .. bid .. '-notify', '1')
			  elseif m == 3 then redis.call('HSET', 'b-' .. bid, 'total', '1'); redis.call('EXPIRE', 'b-' .. bid, 2592000)
			  elseif m < 6 then redis.call('SET', 'session:' .. string.format('%08x%08x', i, (i * 7) % 4294967296), 'x',
			    'EX', 3600 + i % 82800)
			  elseif m == 6 then redis.call('SET', 'views/products/' .. i .. '/' .. string.format('%016x', i * 31), 'x',
			    'EX', 604800)
			  elseif m == 7 then redis.call('SET', 'counter:page_views:' .. i, '1')
			  else redis.call('SET', 'member:' .. word(i), 'x') end
			end
			return 0
			""";

	private static final String JOB = "keysweep run <audit job> with max-command-time: 5ms, the step alone";

	/**
	 * An audit job that lets each SCAN hold Redis 5 ms rather than the default 1 ms: on a
	 * busy machine, the 1 ms budget sizes COUNT far below the audit's 1000.
	 */
	private static final String AUDIT_JOB = "kind: audit\nmax-command-time: 5ms\n";

	private static final int SEED_BATCH = 100_000;

	private static final Pattern KEYS = Pattern.compile("\"keys\": (\\d+)");

	private static final Pattern WITHOUT_TTL = Pattern.compile("\"withoutTtl\": (\\d+)");

	private static final Pattern OTHER = Pattern.compile("\"pattern\": \"\\(other\\)\",\\s+\"keys\": (\\d+)");

	private static final Pattern ROWS = Pattern.compile("\"pattern\": ");

	@TempDir
	Path dir;

	@Test
	void auditOfMillionsOfKeysIn128MiBBesideAHandWrittenLoop() throws Exception {
		int runs = Integer.getInteger("keysweep.benchmark.runs", 1);
		for (String size : System.getProperty("keysweep.benchmark.audit-keys", "1000000").split(",")) {
			int keys = Integer.parseInt(size.trim());
			try (RedisServer redis = RedisServer.latest(); Jedis admin = patient(redis)) {
				seed(admin, keys);
				BenchmarkTable table = new BenchmarkTable();
				String census = null;
				for (int run = 0; run < runs; run++) {
					Path work = dir.resolve(size + "-" + run);
					admin.configResetStat();
					Contenders.Finished audit = Contenders.keysweepProcess(work, Contenders.Launch.plain(),
							List.of("audit", "--format", "json", "--redis-url", redis.url()));
					double busy = Contenders.busySeconds(admin);
					long scans = scanCalls(admin);
					Duration step = JobRepositoryRows.stepExecutions(work.resolve("data")).get(0).elapsed();
					table.add("keysweep audit, whole process (java -Xmx128m -jar target/keysweep.jar audit)",
							audit.wallSeconds());
					table.add(STEP, step.toNanos() / 1e9);
					table.add("  keys/s", keys / (step.toNanos() / 1e9));
					table.add("  Redis busy time during the audit", busy);
					table.add("  SCAN calls of the audit", scans);
					table.add("  peak RSS, MiB", audit.peakRssMiB());
					table.add("  peak heap before a collection, MiB", audit.peakHeapMiB());
					admin.configResetStat();
					Path jobs = Definitions.write(work.resolve("jobs"), "census", AUDIT_JOB).getParent();
					Contenders.Finished job = Contenders.keysweepProcess(work.resolve("job"), Contenders.Launch.plain(),
							List.of("run", "census", "--jobs-dir", jobs.toString(), "--redis-url", redis.url()));
					Duration jobStep = JobRepositoryRows.stepExecutions(work.resolve("job").resolve("data"))
						.get(0)
						.elapsed();
					table.add(JOB, jobStep.toNanos() / 1e9);
					table.add("  SCAN calls of the audit job", scanCalls(admin));
					table.add("  peak heap before a collection, MiB ", job.peakHeapMiB());
					assertThat(job.out()).contains("Audit (execution 1): " + keys + " keys");
					admin.configResetStat();
					double loop = Contenders.inFreshJvmAsIs("127.0.0.1", redis.port(), "census", 1000, work);
					table.add(LOOP, loop);
					table.add("  keys/s ", keys / loop);
					table.add("  Redis busy time during the loop", Contenders.busySeconds(admin));
					table.add("  SCAN calls of the loop", scanCalls(admin));
					census = audit.out();
				}
				long[] counted = Contenders.census(admin, 1000);
				assertThat(first(KEYS, census)).isEqualTo(keys).isEqualTo(counted[0]);
				assertThat(first(WITHOUT_TTL, census)).isEqualTo(counted[1]);
				table.print(String.format("keysweep audit benchmark: %,d keys, %,d without a TTL, %,d patterns "
						+ "named by a word; median of %d runs", keys, counted[1], keys / 5, runs));
				System.out.printf(
						"  the audit's census: %,d rows and (other) with %,d keys; every count exact "
								+ "(the loop counted the same keys and keys without a TTL)%n",
						count(ROWS, census) - 1, first(OTHER, census));
			}
		}
	}

	/** Fills the server by a script, a hundred thousand keys a call. */
	private static void seed(Jedis admin, int keys) {
		long start = System.nanoTime();
		String sha = admin.scriptLoad(SEED);
		for (int from = 0; from < keys; from += SEED_BATCH) {
			admin.evalsha(sha, 0, String.valueOf(from), String.valueOf(Math.min(keys, from + SEED_BATCH)));
		}
		assertThat(admin.dbSize()).isEqualTo(keys);
		System.out.printf("%nseeded %,d keys in %.1f s, Redis holds %s%n", keys, (System.nanoTime() - start) / 1e9,
				admin.info("memory").lines().filter(l -> l.startsWith("used_memory_human:")).findFirst().orElse(""));
	}

	/**
	 * SCANs since the stats were reset: the audit sizes each one's COUNT to its 1 ms
	 * max-command-time, the loop asks for 1000 keys each.
	 */
	private static long scanCalls(Jedis admin) {
		return admin.info("commandstats")
			.lines()
			.filter(l -> l.startsWith("cmdstat_scan:"))
			.mapToLong(l -> Long.parseLong(l.replaceAll("cmdstat_scan:calls=(\\d+),.*", "$1")))
			.sum();
	}

	private static long first(Pattern pattern, String text) {
		Matcher m = pattern.matcher(text);
		assertThat(m.find()).as(text.length() > 2_000 ? text.substring(0, 2_000) : text).isTrue();
		return Long.parseLong(m.group(1));
	}

	private static long count(Pattern pattern, String text) {
		return pattern.matcher(text).results().count();
	}

	/** A client that waits out a seeding script of a hundred thousand keys. */
	private static Jedis patient(RedisServer redis) {
		return new Jedis("127.0.0.1", redis.port(), (int) TimeUnit.MINUTES.toMillis(5));
	}

}
