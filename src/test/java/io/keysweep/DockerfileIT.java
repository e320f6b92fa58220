package io.keysweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.keysweep.testing.DeployDockerfile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the image copies from its build stage is what {@code ./mvnw package} made here:
 * the build stage's working directory is the project's root, so each source of a
 * {@code COPY --from=build} is a path of this project after the package phase.
 */
class DockerfileIT {

	private static final String BUILD_ROOT = "/src/";

	@Test
	void everythingTheImageCopiesFromTheBuildExistsAfterPackage() throws Exception {
		DeployDockerfile dockerfile = DeployDockerfile.read();
		assertThat(dockerfile.all("WORKDIR").get(0).arguments()).as("the build stage's, where it runs mvnw")
			.isEqualTo(BUILD_ROOT.substring(0, BUILD_ROOT.length() - 1));
		List<Path> copied = dockerfile.all("COPY")
			.stream()
			.filter(copy -> copy.arguments().startsWith("--from=build "))
			.map(copy -> Path.of(copy.arguments().split("\\s+")[1].substring(BUILD_ROOT.length())))
			.toList();

		assertThat(copied).contains(Path.of("target/keysweep"));
		assertThat(copied).allSatisfy(path -> assertThat(path).exists());
		assertThat(Path.of("target/keysweep/bin/keysweep")).isExecutable();
		assertThat(Files.isRegularFile(Path.of("target/keysweep/keysweep.jar"))).isTrue();
	}

}
