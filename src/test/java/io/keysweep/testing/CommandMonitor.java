package io.keysweep.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.params.ClientKillParams;

/**
 * Every command the server runs from now on, in the order it ran them, as MONITOR shows
 * them: the client's address and the arguments. Commands a script runs are left out (they
 * are part of the script's command). MONITOR adds to the server's cost of each command,
 * so it is for what was sent, not for how long it took.
 */
public final class CommandMonitor implements AutoCloseable {

	/** One command: the address of the client that sent it, and its arguments. */
	public record Command(String client, List<String> args) {

		public String name() {
			return args.get(0).toUpperCase(Locale.ROOT);
		}

	}

	private final RedisServer redis;

	private final Jedis monitoring;

	private final long clientId;

	private final Queue<Command> seen = new ConcurrentLinkedQueue<>();

	private final Thread thread;

	private CommandMonitor(RedisServer redis) {
		this.redis = redis;
		this.monitoring = redis.client();
		this.clientId = monitoring.clientId();
		this.thread = new Thread(() -> {
			try {
				monitoring.monitor(new JedisMonitor() {
					@Override
					public void onCommand(String line) {
						Command command = parse(line);
						if (command != null) {
							seen.add(command);
						}
					}
				});
			}
			catch (JedisConnectionException closed) {
				// the monitor was stopped
			}
		}, "keysweep-test-monitor");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Starts monitoring; returns once the server sends it the commands it runs. */
	public static CommandMonitor start(RedisServer redis) {
		CommandMonitor monitor = new CommandMonitor(redis);
		monitor.mark();
		return monitor;
	}

	/**
	 * The commands the server ran since the start, up to now: waits until the monitor has
	 * seen a command sent after them.
	 */
	public List<Command> commands() {
		mark();
		return new ArrayList<>(seen);
	}

	private void mark() {
		String marker = "keysweep-test-marker-" + UUID.randomUUID();
		try (Jedis jedis = redis.client()) {
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
				jedis.echo(marker);
				return seen.stream().anyMatch(command -> command.args().contains(marker));
			});
		}
		seen.removeIf(command -> command.args().contains(marker));
	}

	@Override
	public void close() throws InterruptedException {
		try (Jedis jedis = redis.client()) {
			jedis.clientKill(new ClientKillParams().id(Long.toString(clientId)));
		}
		thread.join(Duration.ofSeconds(10).toMillis());
		monitoring.disconnect();
	}

	/**
	 * A MONITOR line, {@code 1701234567.123456 [0 127.0.0.1:54321] "SCAN" "0"}, or null
	 * for a command a script ran ({@code [0 lua]}) and for MONITOR's own OK.
	 */
	static Command parse(String line) {
		int open = line.indexOf(" [");
		int close = line.indexOf("] ", open);
		if (open < 0 || close < 0) {
			return null;
		}
		String[] source = line.substring(open + 2, close).split(" ");
		if (source.length < 2 || source[1].equals("lua")) {
			return null;
		}
		return new Command(source[1], unquote(line.substring(close + 2)));
	}

	/** The arguments of a MONITOR line: each in double quotes, with C-like escapes. */
	private static List<String> unquote(String quoted) {
		List<String> args = new ArrayList<>();
		StringBuilder arg = null;
		for (int i = 0; i < quoted.length(); i++) {
			char c = quoted.charAt(i);
			if (arg == null) {
				if (c == '"') {
					arg = new StringBuilder();
				}
			}
			else if (c == '"') {
				args.add(arg.toString());
				arg = null;
			}
			else if (c == '\\') {
				char escaped = quoted.charAt(++i);
				switch (escaped) {
					case 'n' -> arg.append('\n');
					case 'r' -> arg.append('\r');
					case 't' -> arg.append('\t');
					case 'a' -> arg.append('\u0007');
					case 'b' -> arg.append('\b');
					case 'x' -> {
						arg.append((char) Integer.parseInt(quoted.substring(i + 1, i + 3), 16));
						i += 2;
					}
					default -> arg.append(escaped);
				}
			}
			else {
				arg.append(c);
			}
		}
		return args;
	}

}
