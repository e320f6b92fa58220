package io.keysweep.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.keysweep.failure.OperatorException;

/**
 * The daemon's HTTP port: {@code GET /metrics} gives each job's latest run on each target
 * in the Prometheus text format (the metrics file's series, for a Prometheus that scrapes
 * the daemon directly), {@code GET /health} says the daemon is up, as a Spring Boot
 * service's health endpoint does ({@code {"status":"UP"}}). The JDK's own HTTP server:
 * two fixed read-only pages need no web framework in a command-line tool's start-up.
 */
public final class MetricsEndpoint implements AutoCloseable {

	private final HttpServer server;

	private final String version;

	/** A job on a target: the daemon of a targets file runs each job on several. */
	private record Part(String job, String target) {
	}

	private final Map<Part, RunMetrics.Figures> latest = new TreeMap<>(
			Comparator.comparing(Part::job).thenComparing(Part::target));

	private MetricsEndpoint(HttpServer server, String version) {
		this.server = server;
		this.version = version;
	}

	/**
	 * Listens on every interface, so that a Prometheus on another host can scrape it.
	 * @throws OperatorException when the port is taken
	 */
	public static MetricsEndpoint start(int port, String version) throws IOException {
		HttpServer server;
		try {
			server = HttpServer.create(new InetSocketAddress(port), 0);
		}
		catch (BindException e) {
			throw new OperatorException("--http-port " + port + ": the port is in use (" + e.getMessage() + ")");
		}
		MetricsEndpoint endpoint = new MetricsEndpoint(server, version);
		server.createContext("/metrics",
				exchange -> endpoint.answer(exchange, "text/plain; version=0.0.4; charset=utf-8", endpoint.metrics()));
		server.createContext("/health",
				exchange -> endpoint.answer(exchange, "application/json", "{\"status\":\"UP\"}"));
		server.start();
		return endpoint;
	}

	/** The job's latest run on its target, replacing the one served before. */
	public synchronized void update(RunMetrics.Figures figures) {
		latest.put(new Part(figures.run().job(), RunMetrics.target(figures.run())), figures);
	}

	synchronized String metrics() {
		return RunMetrics.text(latest.values(), version);
	}

	private void answer(HttpExchange exchange, String contentType, String body) throws IOException {
		try (exchange) {
			if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", contentType);
			boolean head = "HEAD".equals(exchange.getRequestMethod());
			exchange.sendResponseHeaders(200, head ? -1 : bytes.length);
			if (!head) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
		}
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
