package io.keysweep.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;

import io.keysweep.definition.Notify;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a {@link Notice} (a sweep's or an audit's) to the webhook of a job's
 * {@code notify}. A notification must never hold up or fail the night: each attempt has a
 * short timeout, a few attempts with a growing pause at the most (a webhook that is
 * briefly down or rate-limiting gets a second chance), and every failure is a warning.
 * The webhook's URL is a secret (a Slack webhook URL is its own credential): messages
 * name only its host.
 */
public final class Webhook {

	private static final Logger log = LoggerFactory.getLogger(Webhook.class);

	private static final int ATTEMPTS = 3;

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

	private Webhook() {
	}

	/**
	 * Posts the notice when its run warrants one.
	 * @param env looks up the environment variable the definition names
	 * @return whether a notice was delivered
	 */
	public static boolean notifyIfWarranted(Notice notice, Notify notify, Function<String, String> env) {
		if (notify == null || !notice.warranted()) {
			return false;
		}
		String url = env.apply(notify.urlEnv());
		if (url == null || url.isBlank()) {
			log.warn("job '{}': notify: environment variable {} is not set; no notification sent", notice.job(),
					notify.urlEnv());
			return false;
		}
		URI uri;
		try {
			uri = URI.create(url.strip());
		}
		catch (IllegalArgumentException e) {
			uri = null;
		}
		if (uri == null || uri.getHost() == null
				|| !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
			log.warn("job '{}': notify: {} does not hold an http(s) URL; no notification sent", notice.job(),
					notify.urlEnv());
			return false;
		}
		return post(notice.job(), uri, notice.body(notify.format()));
	}

	private static boolean post(String job, URI uri, String body) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(TIMEOUT)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build();
		Duration pause = FIRST_PAUSE;
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			String failure;
			try {
				int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
				if (status / 100 == 2) {
					log.info("job '{}': notification sent to the webhook at {}", job, uri.getHost());
					return true;
				}
				failure = "HTTP " + status;
				if (status / 100 == 4 && status != 408 && status != 429) {
					// the webhook refuses this request: sending it again changes nothing
					attempt = ATTEMPTS;
				}
			}
			catch (IOException e) {
				failure = e.getClass().getSimpleName();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return false;
			}
			log.warn("job '{}': notification to the webhook at {} failed ({}), attempt {} of {}", job, uri.getHost(),
					failure, attempt, ATTEMPTS);
			if (attempt < ATTEMPTS) {
				try {
					Thread.sleep(pause.toMillis());
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					return false;
				}
				pause = pause.multipliedBy(2);
			}
		}
		return false;
	}

}
