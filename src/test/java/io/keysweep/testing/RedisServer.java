package io.keysweep.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A real redis-server process on a free port, for one test class. {@link #latest()} uses
 * the redis-server on PATH (Redis 7 on the project's machines) and falls back to the 6.2
 * binary shipped in the embedded-redis test dependency; {@link #v62()} always uses that
 * binary, so the path for servers without EXPIRE NX is always tested.
 */
public final class RedisServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

	private static final String EMBEDDED_BINARY = "redis-server-6.2.6-v5-linux-amd64";

	private final Path binary;

	private final Path dir;

	private final int port;

	private final List<String> extraArgs;

	private final boolean sentinel;

	private Process process;

	private RedisServer(Path binary, List<String> extraArgs, boolean sentinel) throws IOException {
		this.binary = binary;
		this.extraArgs = extraArgs;
		this.sentinel = sentinel;
		this.dir = Files.createTempDirectory("keysweep-redis");
		this.port = freePort();
	}

	/**
	 * A server for one test class, started before its {@code @BeforeAll} methods and
	 * stopped after the class:
	 * {@code @RegisterExtension static final RedisServer redis = RedisServer.perClass();}
	 */
	public static RedisServer perClass(String... extraArgs) {
		try {
			return new RedisServer(onPath().orElseGet(RedisServer::embedded), List.of(extraArgs), false);
		}
		catch (IOException e) {
			throw new IllegalStateException("cannot prepare a redis-server", e);
		}
	}

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		stop();
	}

	/** Redis from PATH when there is one (7.x here), else the embedded 6.2 binary. */
	public static RedisServer latest(String... extraArgs) {
		return start(onPath().orElseGet(RedisServer::embedded), extraArgs);
	}

	/** The embedded Redis 6.2 binary: no EXPIRE NX. */
	public static RedisServer v62(String... extraArgs) {
		return start(embedded(), extraArgs);
	}

	public static boolean hasRedisOnPath() {
		return onPath().isPresent();
	}

	/**
	 * A sentinel watching the master at that port under the name {@code mymaster},
	 * failing over after 1 s.
	 * @param config more lines of its sentinel.conf, e.g. {@code requirepass}, a
	 * {@code user} or another {@code sentinel monitor}
	 */
	public static RedisServer sentinelOf(RedisServer master, String... config) {
		try {
			RedisServer server = new RedisServer(onPath().orElseGet(RedisServer::embedded), List.of(), true);
			List<String> lines = new ArrayList<>(List.of("port " + server.port, "bind 127.0.0.1", "dir " + server.dir,
					"sentinel monitor mymaster 127.0.0.1 " + master.port + " 1",
					"sentinel down-after-milliseconds mymaster 1000", "sentinel failover-timeout mymaster 5000"));
			lines.addAll(List.of(config));
			lines.add("");
			Files.writeString(server.dir.resolve("sentinel.conf"), String.join("\n", lines));
			server.start();
			return server;
		}
		catch (IOException e) {
			throw new IllegalStateException("cannot start a sentinel", e);
		}
	}

	private static RedisServer start(Path binary, String... extraArgs) {
		RedisServer server = null;
		try {
			server = new RedisServer(binary, List.of(extraArgs), false);
			server.start();
			return server;
		}
		catch (IOException e) {
			if (server != null) {
				// a process that never answered would outlive the test run
				server.stop();
			}
			throw new IllegalStateException("cannot start redis-server " + binary, e);
		}
	}

	/**
	 * Starts the process (again, after {@link #stop()}), with the data of the last
	 * {@link #saveAndStop()}.
	 */
	public void start() throws IOException {
		List<String> command = sentinel
				? new ArrayList<>(List.of(binary.toString(), dir.resolve("sentinel.conf").toString(), "--sentinel",
						"--logfile", dir.resolve("redis.log").toString()))
				: new ArrayList<>(List.of(binary.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
						"--dir", dir.toString(), "--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no",
						"--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()));
		command.addAll(extraArgs);
		process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(dir.resolve("stdout.log").toFile())
			.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (System.nanoTime() < deadline) {
			try (Jedis jedis = client()) {
				jedis.ping();
				return;
			}
			catch (JedisDataException answered) {
				return; // e.g. NOAUTH: the server is up and asks for a password
			}
			catch (RuntimeException notYet) {
				if (!process.isAlive()) {
					throw new IOException("redis-server exited: " + Files.readString(dir.resolve("stdout.log")));
				}
				sleep(20);
			}
		}
		throw new IOException("redis-server did not answer on port " + port);
	}

	/** SAVE, then stop: {@link #start()} brings the same keys back under a new run_id. */
	public void saveAndStop() {
		try (Jedis jedis = client()) {
			jedis.save();
		}
		stop();
	}

	public void stop() {
		if (process == null) {
			return;
		}
		end(process);
		process = null;
	}

	/** Ends a server process: SIGTERM, and SIGKILL if it has not gone within 10 s. */
	public static void end(Process process) {
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	public int port() {
		return port;
	}

	public String url() {
		return "redis://127.0.0.1:" + port;
	}

	public Jedis client() {
		return new Jedis("127.0.0.1", port);
	}

	public String version() {
		try (Jedis jedis = client()) {
			return jedis.info("server")
				.lines()
				.filter(l -> l.startsWith("redis_version:"))
				.map(l -> l.substring("redis_version:".length()).trim())
				.findFirst()
				.orElseThrow();
		}
	}

	/**
	 * Holds every client's writes (a sweep's EXPIREs, its lock's renewal) until
	 * {@link #unpauseWrites}, for a minute at most: a sweep held inside a chunk is still
	 * running when the test signals, stops or kills it, however fast the machine.
	 */
	public void pauseWrites() {
		try (Jedis jedis = client()) {
			jedis.clientPause(60_000, ClientPauseMode.WRITE);
		}
	}

	public void unpauseWrites() {
		try (Jedis jedis = client()) {
			jedis.clientUnpause();
		}
	}

	public void flushAll() {
		try (Jedis jedis = client()) {
			jedis.flushAll();
		}
	}

	@Override
	public void close() {
		stop();
	}

	private static Optional<Path> onPath() {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String entry : path.split(java.io.File.pathSeparator)) {
			Path candidate = Path.of(entry, "redis-server");
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	private static synchronized Path embedded() {
		try {
			Path target = Path.of(System.getProperty("java.io.tmpdir"), "keysweep-" + EMBEDDED_BINARY);
			if (!Files.isExecutable(target)) {
				try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(EMBEDDED_BINARY)) {
					if (in == null) {
						throw new IllegalStateException(EMBEDDED_BINARY + " is not on the test classpath");
					}
					Path tmp = Files.createTempFile("keysweep-redis-server", ".tmp");
					Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
					tmp.toFile().setExecutable(true);
					Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				}
			}
			return target;
		}
		catch (IOException e) {
			throw new IllegalStateException("cannot unpack " + EMBEDDED_BINARY, e);
		}
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

}
