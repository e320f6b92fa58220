package io.keysweep.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import io.keysweep.failure.OperatorException;

/**
 * What a {@code rediss://} connection trusts and presents: a CA (PEM) instead of the
 * JVM's trust store, and a client certificate (PKCS#12) for servers that ask for one.
 * Both optional. Or, in their place, a Spring Boot SSL bundle's context
 * ({@code spring.data.redis.ssl.bundle}: PEM certificates and keys, or key stores, in
 * {@code spring.ssl.bundle.*}).
 *
 * @param caFile PEM file of the certificate(s) to trust, or null for the JVM's default
 * trust store
 * @param clientCertFile PKCS#12 file with the client certificate and its key, or null
 * @param clientCertPassword the PKCS#12 file's password (may be empty)
 * @param bundle an SSL bundle's context, used instead of the files, or null
 */
public record TlsSettings(Path caFile, Path clientCertFile, String clientCertPassword, SSLContext bundle) {

	public static final TlsSettings DEFAULT = new TlsSettings(null, null, null);

	public TlsSettings(Path caFile, Path clientCertFile, String clientCertPassword) {
		this(caFile, clientCertFile, clientCertPassword, null);
	}

	/** The context of a Spring Boot SSL bundle. */
	static TlsSettings bundle(SSLContext context) {
		return new TlsSettings(null, null, null, context);
	}

	/**
	 * The socket factory for these settings (the JVM's default when neither is given),
	 * handshaking in time.
	 */
	SSLSocketFactory socketFactory(int handshakeTimeoutMillis) {
		return new HandshakeTimeout(configured(), handshakeTimeoutMillis);
	}

	private SSLSocketFactory configured() {
		if (bundle != null) {
			return bundle.getSocketFactory();
		}
		if (caFile == null && clientCertFile == null) {
			return (SSLSocketFactory) SSLSocketFactory.getDefault();
		}
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(clientCertFile == null ? null : keyManagers(), caFile == null ? null : trustManagers(), null);
			return context.getSocketFactory();
		}
		catch (IOException | GeneralSecurityException e) {
			throw new OperatorException("cannot set up TLS for Redis: " + e.getMessage(), e);
		}
	}

	private javax.net.ssl.TrustManager[] trustManagers() throws IOException, GeneralSecurityException {
		KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
		trusted.load(null, null);
		try (InputStream in = Files.newInputStream(caFile)) {
			int i = 0;
			for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
				trusted.setCertificateEntry("ca-" + i++, certificate);
			}
			if (i == 0) {
				throw new OperatorException("no certificate in " + caFile);
			}
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trusted);
		return factory.getTrustManagers();
	}

	private javax.net.ssl.KeyManager[] keyManagers() throws IOException, GeneralSecurityException {
		char[] password = clientCertPassword == null ? new char[0] : clientCertPassword.toCharArray();
		KeyStore identity = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(clientCertFile)) {
			identity.load(in, password);
		}
		KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		factory.init(identity, password);
		return factory.getKeyManagers();
	}
}
