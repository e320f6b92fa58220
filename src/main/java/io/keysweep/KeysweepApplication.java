package io.keysweep;

import io.keysweep.cli.KeysweepCli;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * keysweep: sweeps a Redis keyspace for keys without an expiry and gives them one.
 * <p>
 * Not a {@code @SpringBootApplication}: Boot would evaluate every auto-configuration on
 * the class path (Redis, JDBC templates, tasks, transactions, ...) on each start, where
 * keysweep uses a few. The configurations that use Boot's beans import the
 * auto-configurations they need themselves (the job repository's data source and Spring
 * Batch, the SSL bundles of Redis's TLS), so this application and the job repository's
 * light one start the same of them.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
public class KeysweepApplication {

	public static void main(String[] args) {
		System.exit(KeysweepCli.execute(args));
	}

}
