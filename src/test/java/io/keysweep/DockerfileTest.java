package io.keysweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import io.keysweep.cli.ArchiveTraining;
import io.keysweep.cli.CommandModel;
import io.keysweep.testing.DeployDockerfile;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image of src/main/deploy/Dockerfile is the build the README documents, not a second
 * recipe: the README's build command, the build's training run for the class-data-sharing
 * archive, the launcher where that archive is, and keysweep command lines keysweep
 * accepts. Whether the image builds is for a builder (src/docs/deploy.md); this checks
 * that what it builds is what the tested commands make.
 */
class DockerfileTest {

	/** The quick start's build command, up to what it runs after the build. */
	private static final String README_BUILD_LINE = "./mvnw ";

	@Test
	void theImageIsBuiltWithTheReadmesBuildCommand() throws IOException {
		String readmeBuild = Files.readAllLines(Path.of("README.md"))
			.stream()
			.filter(line -> line.startsWith(README_BUILD_LINE) && line.contains(" package"))
			.findFirst()
			.orElseThrow()
			.split("&&")[0].strip();

		assertThat(DeployDockerfile.read().run("mvnw").command()).isEqualTo(readmeBuild);
	}

	@Test
	void theImageMakesItsArchiveWithTheBuildsTrainingRunWhereTheLauncherLooksForIt() throws Exception {
		List<String> training = Arrays.asList(
				DeployDockerfile.read().run("-XX:ArchiveClassesAtExit").command().split("&&")[0].strip().split("\\s+"));
		List<String> pomTraining = pomExecutionArguments("fast-start-archive");

		assertThat(training.get(0)).isEqualTo("java");
		assertThat(jvmOptionsBesidesTheArchive(training.subList(1, training.size())))
			.isEqualTo(jvmOptionsBesidesTheArchive(pomTraining));
		assertThat(training).contains("-XX:ArchiveClassesAtExit=" + appHome() + "/keysweep.jsa",
				appHome() + "/keysweep.jar");
		assertThat(Files.readString(Path.of("src/main/launcher/keysweep")))
			.contains("-XX:SharedArchiveFile=\"$home/keysweep.jsa\"")
			.contains("-jar \"$home/keysweep.jar\"");
		// the jar as the class path, as -jar makes it, so that the launcher's starts can
		// use the archive
		assertThat(training.get(training.indexOf("-cp") + 1)).isEqualTo(appHome() + "/keysweep.jar");
		String trainingClass = training.get(training.indexOf("-cp") + 2);
		assertThat(trainingClass).as("the pom's training run")
			.isEqualTo(pomTraining.get(pomTraining.indexOf("-cp") + 2))
			.isEqualTo(ArchiveTraining.class.getName());
		assertThat(training.subList(training.indexOf(trainingClass) + 1, training.size()))
			.as("the jobs directory and a scratch data directory")
			.hasSize(2)
			.contains("/var/lib/keysweep/jobs");
	}

	@Test
	void theEntrypointIsTheLauncherTheBuildInstalls() throws Exception {
		DeployDockerfile dockerfile = DeployDockerfile.read();
		List<String> entrypoint = dockerfile.only("ENTRYPOINT").execForm();
		List<String> launcherInstall = pomExecutionArguments("fast-start-launcher");

		assertThat(entrypoint).containsExactly(appHome() + "/bin/keysweep");
		assertThat(dockerfile.all("COPY")).extracting(DeployDockerfile.Instruction::arguments)
			.contains("--from=build /src/target/keysweep/ " + appHome() + "/");
		assertThat(launcherInstall.get(launcherInstall.size() - 1))
			.isEqualTo("${project.build.directory}/keysweep/bin/keysweep");
		CommandModel.commandLine().parseArgs(dockerfile.only("CMD").execForm().toArray(String[]::new));
	}

	@Test
	void theImageRunsAsAUserOfItsOwnOnPinnedBaseImagesWithTheHeapFromTheMemoryLimit() throws IOException {
		DeployDockerfile dockerfile = DeployDockerfile.read();

		assertThat(userId()).isPositive();
		assertThat(dockerfile.all("ARG")).extracting(DeployDockerfile.Instruction::arguments)
			.as("base images pinned to a Java 17 release")
			.containsExactly("JDK_IMAGE=eclipse-temurin:17.0.15_6-jdk", "JRE_IMAGE=eclipse-temurin:17.0.15_6-jre");
		assertThat(dockerfile.all("FROM")).extracting(DeployDockerfile.Instruction::arguments)
			.containsExactly("${JDK_IMAGE} AS build", "${JRE_IMAGE}");
		assertThat(dockerfile.only("ENV").arguments()).startsWith("KEYSWEEP_JAVA_OPTS=")
			.contains("-XX:MaxRAMPercentage=");
	}

	/** The numeric user the image runs as, which the Kubernetes manifest runs as too. */
	static long userId() throws IOException {
		String user = DeployDockerfile.read().only("USER").arguments();
		assertThat(user).as("a numeric user, so that runAsNonRoot can check it").matches("\\d+:\\d+");
		return Long.parseLong(user.split(":")[0]);
	}

	/** Where the image puts target/keysweep/: the launcher's home. */
	private static String appHome() throws IOException {
		String entrypoint = DeployDockerfile.read().only("ENTRYPOINT").execForm().get(0);
		return entrypoint.substring(0, entrypoint.indexOf("/bin/"));
	}

	private static List<String> jvmOptionsBesidesTheArchive(List<String> arguments) {
		return arguments.subList(0, arguments.indexOf("-cp"))
			.stream()
			.filter(option -> !option.startsWith("-XX:ArchiveClassesAtExit="))
			.toList();
	}

	private static List<String> pomExecutionArguments(String id) throws Exception {
		NodeList executions = DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(Path.of("pom.xml").toFile())
			.getElementsByTagName("execution");
		for (int i = 0; i < executions.getLength(); i++) {
			Element execution = (Element) executions.item(i);
			NodeList ids = execution.getElementsByTagName("id");
			if (ids.getLength() > 0 && id.equals(ids.item(0).getTextContent())) {
				NodeList arguments = execution.getElementsByTagName("argument");
				List<String> found = new ArrayList<>();
				for (int j = 0; j < arguments.getLength(); j++) {
					found.add(arguments.item(j).getTextContent().strip());
				}
				return found;
			}
		}
		throw new AssertionError("pom.xml has no execution " + id);
	}

}
