package io.keysweep.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A webhook for one test: a real HTTP server on a free port of 127.0.0.1 that keeps the
 * body of every POST to {@link #SECRET_PATH}, and the system property a definition's
 * {@code notify.url-env} names set to its URL (a test JVM cannot set an environment
 * variable; keysweep reads the property the same way):
 * {@code @RegisterExtension final WebhookServer webhook = new WebhookServer("MY_URL");}
 */
public final class WebhookServer implements BeforeEachCallback, AfterEachCallback {

	/** The path of the URL, as secret as a Slack webhook's: no output may show it. */
	public static final String SECRET_PATH = "/services/T0001/B0002/s3cretToken";

	private final String urlVariable;

	private final List<String> bodies = new CopyOnWriteArrayList<>();

	/** The statuses the webhook answers with, one per request; 200 when none is left. */
	private final Deque<Integer> statuses = new ConcurrentLinkedDeque<>();

	private HttpServer server;

	/**
	 * @param urlVariable the variable the test's definitions name in {@code url-env}
	 */
	public WebhookServer(String urlVariable) {
		this.urlVariable = urlVariable;
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		try {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot start a webhook", e);
		}
		server.createContext(SECRET_PATH, exchange -> {
			bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			Integer status = statuses.poll();
			exchange.sendResponseHeaders(status == null ? 200 : status, -1);
			exchange.close();
		});
		server.start();
		System.setProperty(urlVariable, "http://127.0.0.1:" + server.getAddress().getPort() + SECRET_PATH);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		server.stop(0);
		System.clearProperty(urlVariable);
	}

	/** The bodies received, in order. */
	public List<String> bodies() {
		return bodies;
	}

	/** The next request is answered with this status (the rest with 200). */
	public void answerNext(int status) {
		statuses.add(status);
	}

}
