package io.keysweep;

import io.keysweep.cli.KeysweepCli;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** keysweep: sweeps a Redis keyspace for keys without an expiry and gives them one. */
@SpringBootApplication
public class KeysweepApplication {

	public static void main(String[] args) {
		System.exit(KeysweepCli.execute(args));
	}

}
