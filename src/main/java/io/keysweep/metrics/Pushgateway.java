package io.keysweep.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.keysweep.failure.OperatorException;

/**
 * Pushes a run's figures to a Prometheus Pushgateway, for a run with no textfile
 * collector beside it (a Kubernetes CronJob's pod). The group is {@code job="keysweep"},
 * the keysweep job and the target, and the push is a PUT, which replaces the whole group:
 * each night's figures replace the last night's, and a series the new run lacks (a rate
 * limit no longer set) goes away. Credentials in the URL
 * ({@code https://user:password@host}) are sent as HTTP basic authentication and never
 * shown: {@link #redacted} is what a message may name.
 */
public final class Pushgateway {

	/** The value of the {@code job} label every pushed series gets. */
	public static final String JOB = "keysweep";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final URI base;

	private final String authorization;

	private Pushgateway(URI base, String authorization) {
		this.base = base;
		this.authorization = authorization;
	}

	/**
	 * @param url the Pushgateway's address, {@code http[s]://[user:password@]host:port}
	 * @throws OperatorException when it is not such a URL
	 */
	public static Pushgateway at(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException e) {
			throw new OperatorException("--metrics-push: not a URL: " + redacted(url));
		}
		if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
				|| uri.getQuery() != null || uri.getFragment() != null) {
			throw new OperatorException("--metrics-push: give the Pushgateway's http:// or https:// address, "
					+ "e.g. http://pushgateway:9091, not " + redacted(url));
		}
		String authorization = uri.getRawUserInfo() == null ? null : "Basic " + Base64.getEncoder()
			.encodeToString(
					URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
		String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
		return new Pushgateway(
				URI.create(uri.getScheme() + "://" + uri.getRawAuthority().replaceFirst(".*@", "") + path),
				authorization);
	}

	/** The address without credentials: what logs and messages name. */
	public String address() {
		return base.toString();
	}

	/**
	 * Replaces the group of the job and target with these figures.
	 * @param text the figures in the Prometheus text format
	 * @throws IOException when the Pushgateway cannot be reached or refuses them
	 */
	public void push(String job, String target, String text) throws IOException, InterruptedException {
		URI group = URI.create(base + "/metrics/job/" + JOB + "/" + RunMetrics.JOB_LABEL + "@base64/" + base64(job)
				+ "/" + RunMetrics.TARGET_LABEL + "@base64/" + base64(target));
		HttpRequest.Builder request = HttpRequest.newBuilder(group)
			.timeout(TIMEOUT)
			.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
			.PUT(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
		HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() / 100 != 2) {
			throw new IOException("HTTP " + response.statusCode() + " " + response.body().strip());
		}
	}

	/** The URL with any {@code user:password@} taken out. */
	static String redacted(String url) {
		return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
	}

	/** Label values may hold '/' (a target's database): the Pushgateway's base64 form. */
	private static String base64(String value) {
		return Base64.getUrlEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

}
