package io.keysweep.metrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.keysweep.report.RunRecord;
import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.Keyspace;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's {@code management.otlp.metrics.export.*} properties: a run's figures
 * reach a real OTLP/HTTP receiver (the JDK's HTTP server on a free port) once, at the end
 * of the run, with the metrics file's names and labels; a receiver that is down is a
 * warning and never changes the exit code; the pod's environment variables of Boot's
 * properties configure it, and without the URL there is none.
 */
@ExtendWith(OutputCaptureExtension.class)
class OtlpExportTest {

	private static final String URL = OtlpExport.PREFIX + ".url";

	private static final String AUTHORIZATION = OtlpExport.PREFIX + ".headers.Authorization";

	private static final String TOKEN = "Bearer s3cret-token";

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@TempDir
	Path dir;

	private HttpServer receiver;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	record Request(String method, String path, String contentType, String authorization, byte[] body) {
	}

	@BeforeAll
	static void seed() {
		try (Jedis jedis = redis.client()) {
			BatchKeys.leaked(jedis, 40);
			BatchKeys.withTtl(jedis, 10);
		}
	}

	@BeforeEach
	void startReceiver() throws IOException {
		receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/v1/metrics", exchange -> {
			try (exchange) {
				requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
						exchange.getRequestHeaders().getFirst("Content-Type"),
						exchange.getRequestHeaders().getFirst("Authorization"),
						exchange.getRequestBody().readAllBytes()));
				exchange.sendResponseHeaders(200, -1);
			}
		});
		receiver.start();
	}

	@AfterEach
	void stopReceiver() {
		receiver.stop(0);
		System.clearProperty(URL);
		System.clearProperty(AUTHORIZATION);
	}

	@Test
	void aRunExportsItsFiguresOnceOverOtlpWithTheMetricsFilesNamesAndLabels(CapturedOutput output) {
		String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/metrics";
		System.setProperty(URL, url);
		System.setProperty(AUTHORIZATION, TOKEN);

		Cli.Result result = run("--dry-run", "--rate", "100000");

		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(requests).as("one export, when the run ends").hasSize(1);
		Request request = requests.get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/v1/metrics");
		assertThat(request.contentType()).isEqualTo("application/x-protobuf");
		assertThat(request.authorization()).isEqualTo(TOKEN);
		// protobuf strings are raw UTF-8 in the body
		String body = new String(request.body(), StandardCharsets.UTF_8);
		assertThat(body).contains("keysweep_keys_scanned", "keysweep_keys_would_expire", "keysweep_run_rate_limit",
				"keysweep_run_duration_seconds", "keysweep_build_info", RunMetrics.JOB_LABEL, RunMetrics.TARGET_LABEL,
				"notify", redis.url().replaceFirst("^redis://", ""), "service.name", "keysweep");
		assertThat(output).contains("exported the run's figures over OTLP to " + url).doesNotContain("s3cret");
	}

	@Test
	void aReceiverThatIsDownIsAWarningAndTheRunStillCompletes(CapturedOutput output) throws IOException {
		System.setProperty(URL, "http://127.0.0.1:" + RedisServer.freePort() + "/v1/metrics");
		System.setProperty(AUTHORIZATION, TOKEN);

		Cli.Result result = run("--dry-run");

		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("notify: COMPLETED");
		assertThat(output).contains("WARN")
			.contains("cannot export the run's figures over OTLP to http://127.0.0.1:")
			.contains("ConnectException");
		assertThat(output.toString() + result.out() + result.err()).doesNotContain("s3cret");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://nightly:s3cret@127.0.0.1:4318/v1/metrics", "http://nightly:s3cret@[::1/v1/metrics",
			"ftp://127.0.0.1/v1/metrics", "otel-collector:4318" })
	void aUrlThatIsNoneOrCarriesCredentialsStopsTheRunBeforeItTouchesRedis(String url) {
		System.setProperty(URL, url);
		Map<ByteBuffer, Keyspace.KeyState> before;
		try (Jedis jedis = redis.client()) {
			before = Keyspace.snapshot(jedis);
		}

		Cli.Result result = run();

		assertThat(result.exitCode()).as(result.out()).isEqualTo(2);
		assertThat(result.err().lines()).singleElement()
			.asString()
			.startsWith("keysweep: " + URL + ": ")
			.doesNotContain("s3cret");
		assertThat(result.out()).doesNotContain("s3cret");
		try (Jedis jedis = redis.client()) {
			assertThat(Keyspace.sameExceptTtlDrift(before, Keyspace.snapshot(jedis), 60_000)).isTrue();
		}
		assertThat(requests).isEmpty();
	}

	@Test
	void theEnvironmentVariablesOfBootsPropertiesConfigureTheExport() throws IOException {
		String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/metrics";
		StandardEnvironment environment = new StandardEnvironment();
		// the operating system's environment as Boot reads it, with a pod's variables
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.of("MANAGEMENT_OTLP_METRICS_EXPORT_URL", url,
									"MANAGEMENT_OTLP_METRICS_EXPORT_HEADERS_AUTHORIZATION", TOKEN)));
		RunRecord run = new RunRecord(7, "nightly", 3, "FAILED", "FAILED", false, null, "2026-01-01T03:00:00Z",
				"2026-01-01T03:05:00Z", 300, null, Map.of(), new RunRecord.Redis("cache:6379/2", "7.2.4", "abc"),
				new RunRecord.Counts(1000, 900, 500, 0, 0, 1000, 0, 0), Map.of(), Map.of(), null, List.of(), List.of(),
				List.of("Redis went away"));

		OtlpExport.configured(environment).orElseThrow().export(new RunMetrics.Figures(run, null), "1.2.3");

		assertThat(requests).hasSize(1);
		assertThat(requests.get(0).authorization()).isEqualTo(TOKEN);
		assertThat(new String(requests.get(0).body(), StandardCharsets.UTF_8)).contains("keysweep_run_completed",
				"nightly", "cache:6379/2", "1.2.3");
	}

	@Test
	void withoutTheUrlThereIsNoExport() {
		assertThat(OtlpExport.configured(new StandardEnvironment())).isEmpty();
	}

	private Cli.Result run(String... extra) {
		Definitions.write(dir.resolve("jobs"), "notify", Definitions.notifyYaml("b-*-notify", 100, 100));
		List<String> args = new ArrayList<>(List.of("run", "notify"));
		args.addAll(List.of(extra));
		return Cli.in(dir, redis.url(), args.toArray(String[]::new));
	}

}
