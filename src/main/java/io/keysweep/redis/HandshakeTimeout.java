package io.keysweep.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

import javax.net.ssl.SSLProtocolException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A TLS socket factory whose sockets finish their handshake within a short time of their
 * own, before Jedis uses them. Otherwise the handshake happens at the first command,
 * under the socket's read timeout: a {@code rediss://} URL that names a plain Redis port
 * waits that long (the server reads the ClientHello as an unfinished command and never
 * answers) and then says only "Read timed out".
 */
final class HandshakeTimeout extends SSLSocketFactory {

	private final SSLSocketFactory delegate;

	private final int timeoutMillis;

	HandshakeTimeout(SSLSocketFactory delegate, int timeoutMillis) {
		this.delegate = delegate;
		this.timeoutMillis = timeoutMillis;
	}

	/**
	 * The layered socket Jedis asks for: handshaken now, with the connection's read
	 * timeout restored after.
	 */
	@Override
	public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
		SSLSocket socket = (SSLSocket) delegate.createSocket(plain, host, port, autoClose);
		int readTimeout = socket.getSoTimeout();
		socket.setSoTimeout(timeoutMillis);
		try {
			socket.startHandshake();
		}
		catch (SocketTimeoutException | SSLProtocolException noTlsAnswer) {
			// silence, or bytes that are no TLS record; a certificate the trust store
			// refuses stays what it is
			socket.close();
			throw new TlsHandshakeException(host + ":" + port, timeoutMillis, noTlsAnswer);
		}
		catch (IOException e) {
			socket.close();
			throw e;
		}
		socket.setSoTimeout(readTimeout);
		return socket;
	}

	@Override
	public String[] getDefaultCipherSuites() {
		return delegate.getDefaultCipherSuites();
	}

	@Override
	public String[] getSupportedCipherSuites() {
		return delegate.getSupportedCipherSuites();
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return delegate.createSocket(host, port);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return delegate.createSocket(host, port, localHost, localPort);
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return delegate.createSocket(host, port);
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return delegate.createSocket(address, port, localAddress, localPort);
	}

	/**
	 * The server did not complete a TLS handshake: most often a plain port named by a
	 * rediss:// URL.
	 */
	static final class TlsHandshakeException extends IOException {

		TlsHandshakeException(String where, int timeoutMillis, IOException cause) {
			super("no TLS handshake with " + where + " within " + timeoutMillis / 1000 + " s (" + cause.getMessage()
					+ "): is it a TLS port? For a plain Redis port, use redis://", cause);
		}

	}

}
