package io.keysweep.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.keysweep.batch.SweepParameters;
import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.redis.RedisConnector;
import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.SharedRedis;
import io.keysweep.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.batch.core.BatchStatus;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import redis.clients.jedis.Jedis;

@ExtendWith(OutputCaptureExtension.class)
class ProgressTest {

	private static final Pattern LINE = Pattern.compile("notify: scanned (\\d+), matching (\\d+), expired (\\d+), "
			+ "(\\d+) keys/s(, ([\\d.]+)% of about (\\d+))?(, ETA \\S+)?");

	@RegisterExtension
	static final SharedRedis redis = SharedRedis.serverOnly();

	@TempDir
	Path dir;

	@Test
	void logsScannedMatchingExpiredRateAndPercentWithAnEta(CapturedOutput output) throws Exception {
		try (Jedis jedis = redis.client()) {
			BatchKeys.leaked(jedis, 400);
		}

		sweep(Duration.ZERO);

		assertThat(output.getOut()).contains("notify: sweeping about 400 keys");
		List<Matcher> lines = output.getOut().lines().map(LINE::matcher).filter(Matcher::find).toList();
		assertThat(lines).hasSizeGreaterThanOrEqualTo(5);
		long previous = -1;
		for (Matcher line : lines) {
			long scanned = Long.parseLong(line.group(1));
			assertThat(scanned).isGreaterThan(previous).isLessThanOrEqualTo(400);
			assertThat(line.group(3)).as("every key leaked").isEqualTo(line.group(1));
			assertThat(line.group(7)).isEqualTo("400");
			assertThat(Double.parseDouble(line.group(6))).isEqualTo(Math.min(99.9, scanned / 4.0));
			previous = scanned;
		}
		assertThat(lines.get(lines.size() - 1).group(8)).startsWith(", ETA ");
	}

	@Test
	void estimatesTheKeysAPatternCoversFromARandomSample(CapturedOutput output) throws Exception {
		try (Jedis jedis = redis.client()) {
			BatchKeys.leaked(jedis, 300);
			BatchKeys.other(jedis, 1200);
		}

		sweep(Duration.ofHours(1));

		Matcher start = Pattern.compile("notify: sweeping about (\\d+) keys").matcher(output.getOut());
		assertThat(start.find()).isTrue();
		// 500 draws at a share of 1 in 5: far outside these bounds once in millions of
		// runs
		assertThat(Long.parseLong(start.group(1))).isBetween(150L, 450L);
		assertThat(output.getOut()).as("an hour's interval: no line during a short run").doesNotContain("scanned");
	}

	@Test
	void aProgressBarOnlyForAPersonAtATerminal() {
		assertThat(ProgressListener.interactiveTerminal(true, Map.of("TERM", "xterm"))).isTrue();
		assertThat(ProgressListener.interactiveTerminal(false, Map.of("TERM", "xterm"))).isFalse();
		assertThat(ProgressListener.interactiveTerminal(true, Map.of("CI", "true"))).isFalse();
		assertThat(ProgressListener.interactiveTerminal(true, Map.of("TERM", "dumb"))).isFalse();
	}

	@Test
	void aRunWithoutATerminalLogsLinesAndDrawsNoBar(CapturedOutput output) {
		try (Jedis jedis = redis.client()) {
			BatchKeys.leaked(jedis, 50);
		}
		Definitions.write(dir.resolve("jobs"), "notify", Definitions.notifyYaml("b-*-notify", 10, 10));

		Cli.Result result = Cli.in(dir, redis.url(), "run", "notify");

		assertThat(result.exitCode()).isZero();
		// an estimate from random samples: the job's lock key is in the database too
		assertThat(output.getAll()).containsPattern("notify: sweeping about (4[5-9]|5[01]) keys").doesNotContain("\r");
		assertThat(result.err()).doesNotContain("\r");
	}

	private void sweep(Duration interval) throws Exception {
		Definitions.write(dir.resolve("jobs"), "notify", Definitions.notifyYaml("b-*-notify", 40, 40));
		JobDefinition definition = new JobDefinitions(dir.resolve("jobs")).load("notify");
		try (TestApp app = TestApp.start(redis.url(), dir.resolve("data"))) {
			ProgressListener progress = ProgressListener.logging(app.bean(RedisConnector.class), definition, interval);
			SweepParameters parameters = SweepParameters.newRun(definition, false, 0,
					"127.0.0.1:" + redis.server().port());
			assertThat(app.launch(definition, parameters, progress).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		}
	}

}
