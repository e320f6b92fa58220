package io.keysweep.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.util.FileSystemUtils;
import redis.clients.jedis.Jedis;

/**
 * A redis-server shared by the tests of one class and emptied before each of them,
 * optionally with a keysweep application against it whose job repository is in a
 * temporary directory:
 * {@code @RegisterExtension static final SharedRedis redis = SharedRedis.withApp();},
 * then {@code redis.client()}, {@code redis.url()}, {@code redis.app()}. This one
 * extension starts the server before the application and stops it after the application
 * closed, so the order of a class's extensions does not matter.
 */
public final class SharedRedis implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

	private final boolean withApp;

	private Path dataDir;

	private RedisServer server;

	private TestApp app;

	private SharedRedis(boolean withApp) {
		this.withApp = withApp;
	}

	/**
	 * The server alone, for tests that run keysweep their own way (its command line, an
	 * application per test).
	 */
	public static SharedRedis serverOnly() {
		return new SharedRedis(false);
	}

	/** The server and a keysweep application against it, started once for the class. */
	public static SharedRedis withApp() {
		return new SharedRedis(true);
	}

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		server = RedisServer.latest();
		if (withApp) {
			dataDir = Files.createTempDirectory("keysweep-shared-redis");
			app = TestApp.start(server.url(), dataDir.resolve("data"));
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		server.flushAll();
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		try {
			if (app != null) {
				app.close();
			}
		}
		finally {
			if (server != null) {
				server.close();
			}
			if (dataDir != null) {
				FileSystemUtils.deleteRecursively(dataDir);
			}
		}
	}

	public RedisServer server() {
		return server;
	}

	public String url() {
		return server.url();
	}

	public Jedis client() {
		return server.client();
	}

	/** The application started for the class, with {@link #withApp()}. */
	public TestApp app() {
		if (app == null) {
			throw new IllegalStateException("no application: SharedRedis.withApp() starts one");
		}
		return app;
	}

}
