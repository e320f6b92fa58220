package io.keysweep.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, made at
 * test time in a temporary directory: PEM files for redis-server, a PKCS#12 file for
 * keysweep's client certificate.
 */
public final class TestCertificates {

	public static final String CLIENT_PASSWORD = "client-cert-pw";

	private final Path dir;

	private TestCertificates(Path dir) {
		this.dir = dir;
	}

	public static TestCertificates create(Path dir) throws IOException, GeneralSecurityException {
		Files.createDirectories(dir);
		KeyPair caKeys = keys();
		X509Certificate ca = sign("CN=keysweep test CA", caKeys, "CN=keysweep test CA", caKeys, true);
		KeyPair serverKeys = keys();
		X509Certificate server = sign("CN=127.0.0.1", serverKeys, "CN=keysweep test CA", caKeys, false);
		KeyPair clientKeys = keys();
		X509Certificate client = sign("CN=keysweep", clientKeys, "CN=keysweep test CA", caKeys, false);
		TestCertificates files = new TestCertificates(dir);
		files.pem("ca.pem", ca);
		files.pem("server.pem", server);
		files.pem("server.key", serverKeys.getPrivate());
		KeyStore p12 = KeyStore.getInstance("PKCS12");
		p12.load(null, null);
		p12.setKeyEntry("client", clientKeys.getPrivate(), CLIENT_PASSWORD.toCharArray(),
				new Certificate[] { client, ca });
		try (OutputStream out = Files.newOutputStream(files.clientP12())) {
			p12.store(out, CLIENT_PASSWORD.toCharArray());
		}
		return files;
	}

	public Path ca() {
		return dir.resolve("ca.pem");
	}

	public Path serverCert() {
		return dir.resolve("server.pem");
	}

	public Path serverKey() {
		return dir.resolve("server.key");
	}

	public Path clientP12() {
		return dir.resolve("client.p12");
	}

	private static KeyPair keys() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		return generator.generateKeyPair();
	}

	private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
			boolean ca) throws GeneralSecurityException {
		try {
			Instant now = Instant.now();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
					BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofMinutes(5))),
					Date.from(now.plus(Duration.ofDays(2))), new X500Name(subject), subjectKeys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
			if (!ca) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
			}
			return new JcaX509CertificateConverter().getCertificate(
					builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
		}
		catch (org.bouncycastle.operator.OperatorCreationException | IOException e) {
			throw new GeneralSecurityException(e);
		}
	}

	private void pem(String name, Object object) throws IOException {
		try (Writer file = Files.newBufferedWriter(dir.resolve(name)); JcaPEMWriter pem = new JcaPEMWriter(file)) {
			pem.writeObject(object);
		}
	}

}
