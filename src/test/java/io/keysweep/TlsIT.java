package io.keysweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.JarRun;
import io.keysweep.testing.NotifyCounters;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.TestCertificates;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * rediss:// with a CA made at test time, and a server that asks for a client certificate.
 */
class TlsIT {

	@Test
	void sweepsOverTlsWithTheGivenCaAndClientCertificate(@TempDir Path dir) throws Exception {
		TestCertificates certs = TestCertificates.create(dir.resolve("certs"));
		int tlsPort = RedisServer.freePort();
		try (RedisServer redis = tlsServer(certs, tlsPort, "yes")) {
			try (Jedis jedis = redis.client()) {
				jedis.set("b-overTls0000000-notify", "1");
			}
			String url = "rediss://127.0.0.1:" + tlsPort;
			Path data = dir.resolve("data");

			JarRun.Result untrusted = JarRun.run(dir.resolve("untrusted"), Map.of(), "run", "sidekiq-batch-notify",
					"--redis-url", url, "--data-dir", data.toString());
			assertThat(untrusted.exitCode()).isEqualTo(1);
			assertThat(untrusted.err()).startsWith("keysweep: cannot reach Redis at 127.0.0.1:" + tlsPort);
			assertThat(untrusted.err().strip().lines()).hasSize(1);

			JarRun.Result noClientCert = JarRun.run(dir.resolve("no-client-cert"), Map.of(), "run",
					"sidekiq-batch-notify", "--redis-url", url, "--redis-ca", certs.ca().toString(), "--data-dir",
					data.toString());
			assertThat(noClientCert.exitCode()).isEqualTo(1);

			JarRun.Result ok = JarRun.run(dir.resolve("ok"),
					Map.of("REDIS_CLIENT_CERT_PASSWORD", TestCertificates.CLIENT_PASSWORD), "run",
					"sidekiq-batch-notify", "--redis-url", url, "--redis-ca", certs.ca().toString(),
					"--redis-client-cert", certs.clientP12().toString(), "--data-dir", data.toString());
			assertThat(ok.exitCode()).as(ok.err()).isZero();
			assertThat(ok.out()).contains("expired 1");
			assertThat(ok.out() + ok.err()).doesNotContain(TestCertificates.CLIENT_PASSWORD);
			try (Jedis jedis = redis.client()) {
				assertThat(jedis.ttl("b-overTls0000000-notify")).isGreaterThan(2_591_000L);
			}
		}
	}

	/**
	 * A redis-server with TLS on the port besides its plain one.
	 * @param authClients yes: it asks for a client certificate
	 */
	private static RedisServer tlsServer(TestCertificates certs, int tlsPort, String authClients) {
		try {
			return RedisServer.latest("--tls-port", String.valueOf(tlsPort), "--tls-cert-file",
					certs.serverCert().toString(), "--tls-key-file", certs.serverKey().toString(), "--tls-ca-cert-file",
					certs.ca().toString(), "--tls-auth-clients", authClients);
		}
		catch (IllegalStateException noTls) {
			return Assumptions.abort("this redis-server was built without TLS: " + noTls.getMessage());
		}
	}

	/**
	 * A target of a targets file trusts the CA of a Spring Boot PEM SSL bundle that the
	 * same file defines; the same server through the JVM's trust store is refused.
	 */
	@Test
	void aTargetTrustsTheCaOfAPemSslBundle(@TempDir Path dir) throws Exception {
		TestCertificates certs = TestCertificates.create(dir.resolve("certs"));
		int tlsPort = RedisServer.freePort();
		try (RedisServer redis = tlsServer(certs, tlsPort, "no")) {
			try (Jedis jedis = redis.client()) {
				jedis.set("b-overTls0000000-notify", "1");
			}
			Definitions.write(dir.resolve("jobs"), "notify", Definitions.notifyYaml(NotifyCounters.MATCH, 50, 50));
			Path targets = Files.writeString(dir.resolve("targets.yml"), """
					keysweep:
					  targets:
					    bundled:
					      url: rediss://127.0.0.1:%1$d
					      ssl:
					        bundle: test-ca
					    jvm-trust:
					      host: 127.0.0.1
					      port: %1$d
					      ssl:
					        enabled: true
					spring:
					  ssl:
					    bundle:
					      pem:
					        test-ca:
					          truststore:
					            certificate: file:%2$s
					""".formatted(tlsPort, certs.ca()));

			Cli.Result result = Cli.run("run", "--all", "--targets", targets.toString(), "--jobs-dir",
					dir.resolve("jobs").toString(), "--data-dir", dir.resolve("data").toString());

			assertThat(result.out()).as(result.err())
				.contains("=== target bundled: exit code 0")
				.contains("=== target jvm-trust: exit code 1");
			try (Jedis jedis = redis.client()) {
				assertThat(jedis.ttl("b-overTls0000000-notify")).isGreaterThan(2_591_000L);
			}
		}
	}

}
