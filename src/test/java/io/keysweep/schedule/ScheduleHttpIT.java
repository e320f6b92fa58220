package io.keysweep.schedule;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.keysweep.testing.Definitions;
import io.keysweep.testing.KeysweepProcess;
import io.keysweep.testing.LeakedKeyspace;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.SweepWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.keysweep.testing.SweepWorkspace.JOB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code schedule --http-port}: the packaged jar's daemon serves /health while it waits
 * and /metrics with its job's latest run once the job has run.
 */
class ScheduleHttpIT {

	private static final int CHUNK = 500;

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@TempDir
	Path dir;

	@Test
	void servesHealthAndTheLatestRunsMetrics() throws Exception {
		LeakedKeyspace.seed(redis);
		SweepWorkspace workspace = SweepWorkspace.create(dir, redis, CHUNK, CHUNK);
		Definitions.write(workspace.jobs(), JOB, Definitions.notifyYaml(LeakedKeyspace.MATCH, CHUNK, CHUNK)
				+ "schedule: \"*/2 * * * * *\"\nmissed: skip\n");
		int port = RedisServer.freePort();
		String series = "keysweep_run_completed{keysweep_job=\"notify\",target=\"127.0.0.1:" + redis.port() + "\"} 1";

		try (KeysweepProcess daemon = workspace.start(List.of(), "schedule", "--http-port", Integer.toString(port))) {
			daemon.awaitOutput("serving /metrics and /health on port " + port);
			assertThat(get(port, "/health")).isEqualTo("{\"status\":\"UP\"}");
			assertThat(get(port, "/metrics")).contains("keysweep_build_info{version=");

			daemon.awaitOutput("job 'notify': ended with exit code 0");
			daemon.awaitUntil("serving the run's figures", () -> get(port, "/metrics").contains(series));
			assertThat(get(port, "/metrics"))
				.contains("keysweep_last_success_timestamp_seconds{keysweep_job=\"notify\"");

			daemon.signal("TERM");
			assertThat(daemon.waitForExit()).as(daemon.err()).isZero();
		}
	}

	static String get(int port, String path) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			return response.body();
		}
		catch (IOException e) {
			throw new AssertionError("GET " + path + ": " + e, e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

}
