package io.keysweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.keysweep.testing.JarRun;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The man pages that {@code ./mvnw package} renders from the picocli annotations, next to
 * keysweep.jar.
 */
class ManPageIT {

	@Test
	void packageRendersAManPagePerCommandFromTheAnnotations() throws Exception {
		Path man = JarRun.jar().resolveSibling("man");

		String keysweep = Files.readString(man.resolve("keysweep.1"));
		assertThat(keysweep).contains(".TH \"KEYSWEEP\" \"1\"");
		for (String command : new CommandLine(new KeysweepCommand()).getSubcommands().keySet()) {
			assertThat(keysweep).as("keysweep.1 lists " + command).contains(command);
			assertThat(man.resolve("keysweep-" + command + ".1")).isRegularFile();
		}
		assertThat(Files.readString(man.resolve("keysweep-run.1"))).contains(".TH \"KEYSWEEP\\-RUN\" \"1\"")
			.contains("\\-\\-rate")
			.contains("\\-\\-redis\\-password\\-file");
	}

}
