package io.keysweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.keysweep.batch.SweepParameters;
import io.keysweep.definition.JobDefinition;
import io.keysweep.demo.DemoKeyspace;
import io.keysweep.testing.CommandLog;
import io.keysweep.testing.CommandMonitor;
import io.keysweep.testing.CommandMonitor.Command;
import io.keysweep.testing.CommandStats;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import redis.clients.jedis.Jedis;

/**
 * A sweep at the shipped definitions' settings holds Redis no longer than the default
 * max-command-time by construction, checked against what Redis itself saw: MONITOR gives
 * every SCAN keysweep sent, with its COUNT, in the order Redis ran them, and SLOWLOG the
 * time Redis spent on the slower ones. How long a SCAN takes depends on the machine's
 * load, so no bound here is on time: each SCAN's COUNT must be what the budget allows
 * after the SCANs before it, whatever they took. The lookups and EXPIREs are commands of
 * one key each.
 */
class ShortCommandsTest {

	/** 114,001 keys: a SCAN COUNT 5000 over them takes 2.6 ms or more here. */
	private static final int BATCHES = 20_000;

	private static final long DEFAULT_BUDGET_MICROS = 1_000;

	/** The scan-count of the shipped definitions: the largest COUNT. */
	private static final int SCAN_COUNT = 5000;

	/** The COUNT a budget starts with, before it measured anything. */
	private static final int FIRST_COUNT = 100;

	/** The smallest COUNT a budget asks for, however slow the SCANs before. */
	private static final int MIN_COUNT = 10;

	/**
	 * SCANs that took at least this long are timed by SLOWLOG: a quarter of the budget,
	 * so that SCANs near the budget are, and single-key commands only when the machine
	 * stalls Redis.
	 */
	private static final long TIMED_FROM_MICROS = DEFAULT_BUDGET_MICROS / 4;

	/**
	 * The commands keysweep sends per key, each of one key and a fixed number of
	 * arguments, so of a cost that does not grow with anything: their arguments.
	 */
	private static final Map<String, Integer> ONE_KEY_COMMANDS = Map.of("PTTL", 2, "TYPE", 2, "EXISTS", 2, "HGET", 3,
			"HEXISTS", 3, "MEMORY", 3, "OBJECT", 3, "EXPIRE", 3);

	@TempDir
	Path dir;

	@Test
	void theShippedSweepsSizeEveryScanToTheDefaultBudget() throws Exception {
		try (RedisServer redis = RedisServer.latest(); TestApp app = TestApp.start(redis.url(), dir.resolve("data"))) {
			try (Jedis jedis = redis.client()) {
				DemoKeyspace.seed(jedis, BATCHES);
			}
			CommandStats.reset(redis);
			List<Command> sent;
			List<CommandLog.Entry> timed;
			try (CommandLog log = CommandLog.over(redis, TIMED_FROM_MICROS, 100_000);
					CommandMonitor monitor = CommandMonitor.start(redis)) {
				for (String job : List.of("sidekiq-batch-notify", "sidekiq-batch-keys")) {
					JobDefinition definition = Definitions.shipped(job);
					JobExecution execution = app.launch(definition,
							SweepParameters.newRun(definition, false, 0, redis.url()));
					assertThat(execution.getStatus()).as("%s", execution.getAllFailureExceptions())
						.isEqualTo(BatchStatus.COMPLETED);
				}
				sent = monitor.commands();
				timed = log.ofKeysweep();
			}

			// the test sends no SCAN meanwhile: every SCAN is keysweep's
			Map<String, List<Command>> iterations = scansByIteration(sent);
			assertThat(iterations).as("the notify sweep's SCAN, the keys sweep's SCAN and SSCAN").hasSize(3);
			Map<String, Long> redisMicros = serverMicros(timed);
			for (Map.Entry<String, List<Command>> iteration : iterations.entrySet()) {
				assertSizedToTheBudget(iteration.getKey(), iteration.getValue(), redisMicros);
			}
			assertOneKeyPerCommand(sent, iterations.values().stream().mapToInt(List::size).sum());
			// the sweeps did their work, in many short SCANs rather than a few long ones
			assertThat(CommandStats.calls(redis, "scan")).isGreaterThan(2 * 114_001 / 5000);
			assertThat(CommandStats.calls(redis, "expire") + CommandStats.calls(redis, "evalsha"))
				.isGreaterThanOrEqualTo(DemoKeyspace.leakedNotifyKeys(BATCHES));
		}
	}

	/**
	 * The budget's rules, as Redis saw them: it starts at {@value #FIRST_COUNT}, at most
	 * doubles, never asks for more than scan-count, and after a SCAN that took Redis
	 * {@code t} for COUNT {@code c} asks for at most what takes the budget at that pace,
	 * {@code budget × c / t}. keysweep measures the round trip, which holds Redis's time,
	 * so its pace is never faster than Redis's: whatever the load, a budget that keeps
	 * its rules passes, and one that grows regardless of what the SCANs took does not.
	 */
	private static void assertSizedToTheBudget(String iteration, List<Command> scans, Map<String, Long> micros) {
		List<Integer> counts = scans.stream().map(ShortCommandsTest::count).toList();
		assertThat(counts.get(0)).as("%s: the first COUNT", iteration).isLessThanOrEqualTo(FIRST_COUNT);
		for (int i = 1; i < scans.size(); i++) {
			int before = counts.get(i - 1);
			long most = Math.min(2L * before, SCAN_COUNT);
			Long took = micros.get(key(scans.get(i - 1)));
			if (took != null) {
				// SLOWLOG's microseconds may round up by one
				most = Math.min(most, DEFAULT_BUDGET_MICROS * before / Math.max(1, took - 1));
			}
			assertThat(counts.get(i))
				.as("%s: COUNT after %s, which took %s us", iteration, scans.get(i - 1).args(), took)
				.isLessThanOrEqualTo((int) Math.max(MIN_COUNT, most));
		}
	}

	/**
	 * Every command keysweep sent more often than it sent SCANs, so per key rather than
	 * per page: one of the single-key commands of a fixed number of arguments, or the
	 * expiry script called on one key.
	 */
	private static void assertOneKeyPerCommand(List<Command> sent, int scans) {
		Map<String, Long> perName = new TreeMap<>();
		Map<String, Command> example = new HashMap<>();
		for (Command command : sent) {
			perName.merge(command.name(), 1L, Long::sum);
			example.putIfAbsent(command.name(), command);
		}
		List<String> perKey = new ArrayList<>();
		perName.forEach((name, calls) -> {
			if (calls > scans && !name.endsWith("SCAN")) {
				perKey.add(name);
			}
		});
		assertThat(perKey).as("commands sent per key").isNotEmpty().allSatisfy(name -> {
			assertThat(ONE_KEY_COMMANDS.containsKey(name) || name.equals("EVALSHA"))
				.as("%s, e.g. %s", name, example.get(name).args())
				.isTrue();
		});
		for (Command command : sent) {
			if (perKey.contains(command.name())) {
				if (command.name().equals("EVALSHA")) {
					assertThat(command.args().get(2)).as("keys of %s", command.args()).isEqualTo("1");
				}
				else {
					assertThat(command.args()).hasSize(ONE_KEY_COMMANDS.get(command.name()));
				}
			}
		}
	}

	/**
	 * Each cursor iteration's SCANs (or SSCANs), in the order Redis ran them: one
	 * iteration per reader, and one budget.
	 */
	private static Map<String, List<Command>> scansByIteration(List<Command> sent) {
		Map<String, List<Command>> iterations = new LinkedHashMap<>();
		for (Command command : sent) {
			if (command.name().endsWith("SCAN")) {
				iterations.computeIfAbsent(iteration(command), key -> new ArrayList<>()).add(command);
			}
		}
		return iterations;
	}

	/**
	 * What a SCAN is over: its command, key, MATCH and TYPE, without cursor and COUNT.
	 */
	private static String iteration(Command scan) {
		List<String> args = new ArrayList<>(scan.args());
		int at = CommandLog.countAt(args);
		args.remove(at + 1);
		args.remove(at);
		args.remove(scan.name().equals("SCAN") ? 1 : 2);
		return String.join(" ", args);
	}

	private static int count(Command scan) {
		return Integer.parseInt(scan.args().get(CommandLog.countAt(scan.args()) + 1));
	}

	private static String key(Command command) {
		return command.client() + " " + String.join(" ", command.args());
	}

	/**
	 * Redis's time for each SCAN SLOWLOG timed, by client and arguments; the shortest if
	 * the same ones come twice.
	 */
	private static Map<String, Long> serverMicros(List<CommandLog.Entry> timed) {
		Map<String, Long> micros = new HashMap<>();
		for (CommandLog.Entry entry : timed) {
			if (entry.isScan()) {
				micros.merge(entry.client() + " " + String.join(" ", entry.args()), entry.micros(), Math::min);
			}
		}
		return micros;
	}

}
