package io.keysweep.schedule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.keysweep.testing.Definitions;
import io.keysweep.testing.JobRepositoryRows;
import io.keysweep.testing.KeysweepProcess;
import io.keysweep.testing.NotifyCounters;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code keysweep schedule --targets} as the packaged jar, on a per-second schedule: each
 * target's loop sweeps it, one that cannot be reached fails its turns without holding the
 * others back, each loop's log lines name its target, one /metrics serves every target's
 * latest run, and SIGTERM ends every loop.
 */
class ScheduleTargetsIT {

	private static final int KEYS = 100;

	@RegisterExtension
	static final RedisServer first = RedisServer.perClass();

	@RegisterExtension
	static final RedisServer second = RedisServer.perClass();

	@TempDir
	Path dir;

	@Test
	void eachTargetIsSweptAtTheFireTimesAndAnUnreachableOneHoldsNoneBack() throws Exception {
		for (RedisServer redis : List.of(first, second)) {
			try (Jedis jedis = redis.client(); Pipeline pipeline = jedis.pipelined()) {
				NotifyCounters.seed(pipeline, KEYS);
				pipeline.sync();
			}
		}
		Definitions.write(dir.resolve("jobs"), "notify",
				Definitions.notifyYaml(NotifyCounters.MATCH, 50, 50) + "schedule: \"* * * * * *\"\nmissed: skip\n");
		int port = RedisServer.freePort();
		Path targets = Files.writeString(dir.resolve("targets.yml"), """
				keysweep:
				  targets:
				    gone:
				      url: redis://127.0.0.1:%d
				    first:
				      url: %s
				    second:
				      url: %s
				""".formatted(RedisServer.freePort(), first.url(), second.url()));

		try (KeysweepProcess daemon = KeysweepProcess.start(dir.resolve("logs"), List.of(), "schedule", "--targets",
				targets.toString(), "--jobs-dir", dir.resolve("jobs").toString(), "--data-dir",
				dir.resolve("data").toString(), "--http-port", Integer.toString(port))) {
			daemon.awaitUntil("both targets swept",
					() -> NotifyCounters.withoutTtl(first, KEYS) == 0 && NotifyCounters.withoutTtl(second, KEYS) == 0);
			daemon.awaitOutput("cannot reach Redis at 127.0.0.1");
			daemon.awaitOutput("[first] job 'notify': ended with exit code 0");
			daemon.awaitOutput("[second] job 'notify': ended with exit code 0");
			daemon.awaitOutput("[gone] job 'notify': ended with exit code 1");
			daemon.awaitUntil("serving both targets' runs",
					() -> ScheduleHttpIT.get(port, "/metrics").contains(series("first"))
							&& ScheduleHttpIT.get(port, "/metrics").contains(series("second")));
			assertThat(ScheduleHttpIT.get(port, "/health")).isEqualTo("{\"status\":\"UP\"}");
			daemon.signal("TERM");

			assertThat(daemon.waitForExit()).as(daemon.err()).isZero();
		}
		assertThat(JobRepositoryRows.jobExecutions(dir.resolve("data")))
			.extracting(e -> JobRepositoryRows.parameters(dir.resolve("data"), e.id()).get("redis"))
			.contains("first", "second")
			.doesNotContain("gone");
	}

	private static String series(String target) {
		return "keysweep_run_completed{keysweep_job=\"notify\",target=\"" + target + "\"} 1";
	}

}
