package io.keysweep.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on a free port of 127.0.0.1 in front of a server on loopback, holding each
 * chunk of bytes back by the delay in each direction, so that a request and its reply
 * take twice the delay longer: a slow network where the kernel has no netem. A chunk
 * leaves its delay after it arrived, not after the chunk before it left, so a burst (a
 * pipeline) pays the delay once, as on a real link; bytes keep their order.
 */
final class DelayingProxy implements AutoCloseable {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	/** Marks the end of a direction's stream. */
	private static final Chunk END = new Chunk(0, new byte[0]);

	/** Bytes as they arrived, and when they may leave. */
	private record Chunk(long due, byte[] bytes) {
	}

	private final ServerSocket listener;

	private final int targetPort;

	private final long delayNanos;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
		Thread thread = new Thread(task, "delaying-proxy");
		// a proxy left open must not keep the test JVM alive
		thread.setDaemon(true);
		return thread;
	});

	private DelayingProxy(ServerSocket listener, int targetPort, Duration oneWayDelay) {
		this.listener = listener;
		this.targetPort = targetPort;
		this.delayNanos = oneWayDelay.toNanos();
	}

	/**
	 * A proxy in front of the server at 127.0.0.1:{@code targetPort}, accepting until
	 * {@link #close()}.
	 */
	static DelayingProxy start(int targetPort, Duration oneWayDelay) throws IOException {
		DelayingProxy proxy = new DelayingProxy(new ServerSocket(0, 50, LOOPBACK), targetPort, oneWayDelay);
		proxy.threads.execute(proxy::accept);
		return proxy;
	}

	String host() {
		return LOOPBACK.getHostAddress();
	}

	int port() {
		return listener.getLocalPort();
	}

	/**
	 * Accepts until {@link #close()} closes the listener, then closes every connection
	 * and lets the pool end: done here, after the last connection was opened, so that
	 * none outlives the proxy.
	 */
	private void accept() {
		while (!listener.isClosed()) {
			try {
				connect(track(listener.accept()));
			}
			catch (IOException closed) {
				// the loop ends
			}
		}
		sockets.forEach(DelayingProxy::closeQuietly);
		threads.shutdown();
	}

	private void connect(Socket client) {
		try {
			Socket server = track(new Socket(LOOPBACK, targetPort));
			forward(client, server);
			forward(server, client);
		}
		catch (IOException refused) {
			closeQuietly(client);
		}
	}

	private Socket track(Socket socket) throws IOException {
		sockets.add(socket);
		// a chunk is to leave when due, not when Nagle's algorithm lets it
		socket.setTcpNoDelay(true);
		return socket;
	}

	/**
	 * One direction: a reader stamps each chunk as it arrives, and a writer holds it
	 * until due. Two threads, because one would not read the next chunk while holding
	 * one, and so would delay it twice.
	 */
	private void forward(Socket from, Socket to) {
		BlockingQueue<Chunk> held = new LinkedBlockingQueue<>();
		threads.execute(() -> read(from, held));
		threads.execute(() -> write(held, from, to));
	}

	private void read(Socket from, BlockingQueue<Chunk> held) {
		byte[] buffer = new byte[64 * 1024];
		try {
			InputStream in = from.getInputStream();
			for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
				held.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
			}
		}
		catch (IOException closed) {
			// the end of the stream all the same
		}
		held.add(END);
	}

	/**
	 * Writes each chunk when due; at the end of the stream, closes the connection on both
	 * sides.
	 */
	private void write(BlockingQueue<Chunk> held, Socket from, Socket to) {
		try (from; to; OutputStream out = to.getOutputStream()) {
			for (Chunk chunk = held.take(); chunk != END; chunk = held.take()) {
				waitUntil(chunk.due());
				out.write(chunk.bytes());
			}
		}
		catch (IOException | InterruptedException closed) {
			// closed by the other direction or by the proxy: this direction ends too
		}
		finally {
			sockets.remove(from);
			sockets.remove(to);
		}
	}

	/**
	 * Spins, at the price of a busy core: parking overshoots by the kernel's timer slack
	 * and the wake-up after it, which is much against a hold of 250 µs (parking all but
	 * the last 60 µs measured 0.95 ms of round trip for 0.5 ms of hold, spinning 0.69
	 * ms).
	 */
	private static void waitUntil(long due) {
		while (due - System.nanoTime() > 0) {
			Thread.onSpinWait();
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ignored) {
			// closing is all that was asked
		}
	}

	/**
	 * Stops accepting, closes every connection, and waits for the forwarding threads to
	 * end.
	 */
	@Override
	public void close() throws IOException, InterruptedException {
		listener.close();
		if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("the proxy's threads did not end in 10 s");
		}
	}

}
