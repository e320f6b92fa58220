package io.keysweep.metrics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.PushgatewayServer;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --metrics-push}: a run's figures in a real Pushgateway, read back as Prometheus
 * would scrape them; each run replaces the job's and target's group; a Pushgateway that
 * is down never fails the run.
 */
@ExtendWith(OutputCaptureExtension.class)
class MetricsPushTest {

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@RegisterExtension
	static final PushgatewayServer pushgateway = new PushgatewayServer();

	@TempDir
	Path dir;

	@BeforeAll
	static void seed() {
		try (Jedis jedis = redis.client()) {
			BatchKeys.leaked(jedis, 40);
			BatchKeys.withTtl(jedis, 10);
		}
	}

	@Test
	void eachRunReplacesTheFiguresOfItsJobAndTargetInThePushgateway(CapturedOutput output) throws Exception {
		String group = "instance=\"\",job=\"keysweep\",keysweep_job=\"notify\",target=\"" + target() + "\"";
		// credentials in the URL go as basic authentication, and are never shown
		String url = pushgateway.url().replace("http://", "http://nightly:s3cret@");

		assertThat(run("--dry-run", "--rate", "100000", "--metrics-push", url).exitCode()).isZero();

		String first = pushgateway.metrics();
		assertThat(first).contains("keysweep_keys_scanned{" + group + "} 50")
			.contains("keysweep_keys_would_expire{" + group + "} 40")
			.contains("keysweep_run_rate_limit{" + group + "} 100000")
			.contains("keysweep_build_info{" + group + ",version=");

		assertThat(run("--metrics-push", url).exitCode()).isZero();

		String second = pushgateway.metrics();
		assertThat(second).contains("keysweep_keys_expired{" + group + "} 40")
			.contains("keysweep_keys_would_expire{" + group + "} 0")
			.contains("keysweep_last_success_timestamp_seconds{" + group + "}")
			.as("a PUT replaces the whole group: the first run's rate limit is gone")
			.doesNotContain("keysweep_run_rate_limit{");
		assertThat(output).contains("pushed the run's figures to " + pushgateway.url()).doesNotContain("s3cret");
	}

	@Test
	void aPushgatewayThatIsDownIsAWarningAndTheRunStillCompletes(CapturedOutput output) throws Exception {
		String down = "http://nightly:s3cret@127.0.0.1:" + RedisServer.freePort();

		Cli.Result result = run("--dry-run", "--metrics-push", down);

		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("notify: COMPLETED");
		assertThat(output).contains("WARN").contains("cannot push the run's figures to http://127.0.0.1:");
		assertThat(output.toString() + result.out() + result.err()).doesNotContain("s3cret");
	}

	@Test
	void aUrlThatIsNoPushgatewaysIsRefusedBeforeTheRun() {
		Cli.Result result = run("--metrics-push", "ftp://nightly:s3cret@example.org");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).isEqualTo("keysweep: --metrics-push: give the Pushgateway's http:// or https:// "
				+ "address, e.g. http://pushgateway:9091, not ftp://example.org" + System.lineSeparator());
		assertThat(dir.resolve("data")).doesNotExist();
	}

	private Cli.Result run(String... extra) {
		Definitions.write(dir.resolve("jobs"), "notify", Definitions.notifyYaml("b-*-notify", 100, 100));
		List<String> args = new ArrayList<>(List.of("run", "notify"));
		args.addAll(List.of(extra));
		return Cli.in(dir, redis.url(), args.toArray(String[]::new));
	}

	private static String target() {
		return redis.url().replaceFirst("^redis://", "");
	}

}
