package io.keysweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import io.keysweep.testing.JarRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo} as a new user runs it from the jar, on a machine without Redis installed.
 */
class DemoCommandIT {

	@TempDir
	Path dir;

	@Test
	void withoutRedisServerOnPathItSaysSoAndWhatToDo() throws Exception {
		JarRun.Result demo = JarRun.run(dir.resolve("logs"), Map.of("PATH", dir.resolve("empty-path").toString()),
				"demo", "--jobs-dir", Path.of("jobs").toAbsolutePath().toString());

		assertThat(demo.exitCode()).as(demo.err()).isEqualTo(2);
		assertThat(demo.err().strip()).isEqualTo("keysweep: no redis-server on PATH to start a throwaway Redis: "
				+ "install Redis, or give --redis-url of an empty Redis database");
		assertThat(demo.out()).isEmpty();
	}

}
