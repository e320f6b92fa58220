package io.keysweep.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Prometheus Pushgateway (Debian's prometheus-pushgateway) on a free port of the
 * loopback, for one test class, keeping what is pushed in memory only:
 * {@code @RegisterExtension static final PushgatewayServer pushgateway = new PushgatewayServer();}
 */
public final class PushgatewayServer implements BeforeAllCallback, AfterAllCallback {

	private int port;

	private Process process;

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		Path binary = DebianTool.require("prometheus-pushgateway", "prometheus-pushgateway");
		port = RedisServer.freePort();
		Path log = Files.createTempFile("keysweep-pushgateway", ".log");
		process = new ProcessBuilder(binary.toString(), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				metrics();
				return;
			}
			catch (IOException notYet) {
				if (!process.isAlive()) {
					throw new IOException("prometheus-pushgateway exited: " + Files.readString(log));
				}
				Thread.sleep(50);
			}
		}
		throw new IOException("prometheus-pushgateway did not answer on port " + port);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (process != null) {
			process.destroy();
		}
	}

	public String url() {
		return "http://127.0.0.1:" + port;
	}

	/** What Prometheus would scrape from it, in the text format. */
	public String metrics() throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IOException("GET /metrics: HTTP " + response.statusCode());
		}
		return response.body();
	}

}
