package io.keysweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.keysweep.cli.CommandModel;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The example deployment files the README shows (src/main/deploy): they parse, and they
 * hold what makes a nightly run safe: no overlap, passwords from secrets, the job
 * repository on storage that outlives a run, and in Kubernetes the image's user on a
 * read-only root with bounded resources.
 */
class DeployFilesTest {

	private static final Path DEPLOY = Path.of("src/main/deploy");

	@Test
	void theKubernetesCronJobRunsAFleetOfWorkersOnceANightWithoutOverlap() throws IOException {
		Map<String, Object> spec = map(cronJob(), "spec");
		assertThat(spec).containsEntry("concurrencyPolicy", "Forbid");
		assertThat(((String) spec.get("schedule")).split(" ")).hasSize(5);
		Map<String, Object> job = map(map(spec, "jobTemplate"), "spec");
		assertThat((Integer) job.get("parallelism")).as("workers").isGreaterThan(1);
		assertThat(job).as("workers that share one night's work, not a count of completions")
			.doesNotContainKey("completions");
		assertThat(list(map(job, "podFailurePolicy"), "rules")).anySatisfy(rule -> {
			assertThat(rule).containsEntry("action", "FailJob");
			assertThat(map(rule, "onExitCodes")).containsEntry("operator", "In")
				.containsEntry("values", List.of(2))
				.containsEntry("containerName", container().get("name"));
		});
		assertThat(pod()).containsEntry("restartPolicy", "Never");
		assertThat(args()).as("fleet workers: a busy part waits, a part done tonight is not swept again")
			.startsWith("run", "--all", "--skip-done-within");
	}

	@Test
	void theKubernetesContainerRunsAsTheImagesUserOnAReadOnlyRootWithNoCapabilities() throws IOException {
		Map<String, Object> security = map(container(), "securityContext");
		assertThat(security).containsEntry("runAsNonRoot", true)
			.containsEntry("readOnlyRootFilesystem", true)
			.containsEntry("allowPrivilegeEscalation", false);
		assertThat(map(security, "capabilities")).containsEntry("drop", List.of("ALL"));
		assertThat(map(security, "seccompProfile")).containsEntry("type", "RuntimeDefault");
		assertThat(pod()).containsEntry("automountServiceAccountToken", false);
		assertThat(((Number) map(pod(), "securityContext").get("runAsUser")).longValue())
			.isEqualTo(DockerfileTest.userId());
		Map<String, Object> resources = map(container(), "resources");
		assertThat(map(resources, "requests")).containsKeys("cpu", "memory");
		assertThat(map(resources, "limits")).containsKeys("cpu", "memory");
	}

	@Test
	void theKubernetesCredentialsComeFromSecretsAndTheJobRepositoryIsShared() throws IOException {
		Map<String, Map<String, Object>> env = byName(list(container(), "env"));
		env.forEach((name, variable) -> {
			if (variable.containsKey("value")) {
				assertThat(name).as("a value written into the file").doesNotContain("PASSWORD");
				assertThat((String) variable.get("value")).as(name + ": no credentials in a URL").doesNotContain("@");
			}
		});
		for (String fromSecret : List.of("KEYSWEEP_JOB_REPOSITORY", "KEYSWEEP_JOB_REPOSITORY_USER")) {
			assertThat(map(map(env.get(fromSecret), "valueFrom"), "secretKeyRef")).as(fromSecret)
				.containsKeys("name", "key");
		}
		assertThat(documents()).extracting(document -> document.get("kind"))
			.as("no Secret written into the file, no volume for an H2 job repository")
			.doesNotContain("Secret", "PersistentVolumeClaim");

		List<String> args = args();
		for (String passwordFile : List.of("--redis-password-file", "--job-repository-password-file")) {
			Map<String, Object> volume = volumeHolding(args.get(args.indexOf(passwordFile) + 1));
			assertThat(list(map(volume, "projected"), "sources")).as(passwordFile + ": a file of a Secret")
				.allSatisfy(source -> assertThat(source).containsOnlyKeys("secret"));
		}
	}

	@Test
	void theKubernetesArgsAreAKeysweepCommandLineWhoseDirectoriesAreMounted() throws IOException {
		List<String> args = args();
		CommandModel.commandLine().parseArgs(args.toArray(String[]::new));

		assertThat(volumeHolding(args.get(args.indexOf("--jobs-dir") + 1))).containsKey("configMap");
		// the root is read-only: the data dir and /tmp (the JVM's perf data, H2's
		// temporary files) are writable volumes
		for (String writable : List.of(args.get(args.indexOf("--data-dir") + 1), "/tmp")) {
			assertThat(volumeHolding(writable)).as(writable).containsKey("emptyDir");
			assertThat(byMountPath(list(container(), "volumeMounts")).get(writable)).as(writable)
				.doesNotContainEntry("readOnly", true);
		}
	}

	@Test
	void theSystemdUnitsRunEveryJobOnATimerOrRunTheDaemon() throws Exception {
		Map<String, Map<String, String>> service = unit("keysweep.service");
		assertThat(service.get("Service")).containsEntry("Type", "oneshot").containsKey("EnvironmentFile");
		assertThat(service.get("Service").get("ExecStart")).contains(" run --all ")
			.contains("--data-dir /var/lib/keysweep");
		Map<String, Map<String, String>> timer = unit("keysweep.timer");
		assertThat(timer.get("Timer")).containsKey("OnCalendar").containsEntry("Persistent", "true");
		assertThat(timer.get("Install")).containsEntry("WantedBy", "timers.target");
		Map<String, Map<String, String>> daemon = unit("keysweep-schedule.service");
		assertThat(daemon.get("Service").get("ExecStart")).contains(" schedule ");
		assertThat(daemon.get("Install")).containsEntry("WantedBy", "multi-user.target");
	}

	@Test
	void systemdParsesTheUnitsWithoutAComplaint() throws Exception {
		assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed");
		Process verify = new ProcessBuilder("systemd-analyze", "verify",
				DEPLOY.resolve("keysweep.service").toAbsolutePath().toString(),
				DEPLOY.resolve("keysweep.timer").toAbsolutePath().toString(),
				DEPLOY.resolve("keysweep-schedule.service").toAbsolutePath().toString())
			.redirectErrorStream(true)
			.start();
		assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String said = new String(verify.getInputStream().readAllBytes());
		// only what is wrong with the files themselves: the user or the jar need not
		// exist on this machine
		assertThat(said).doesNotContain("Failed to parse")
			.doesNotContain("Unknown key")
			.doesNotContain("Unknown section")
			.doesNotContain("Missing '='");
	}

	@Test
	void theCrontabLineRunsEveryJobAtThree() throws IOException {
		List<String> entries = Files.readAllLines(DEPLOY.resolve("keysweep.cron"))
			.stream()
			.filter(line -> !line.isBlank() && !line.startsWith("#") && !line.matches("[A-Z_]+=.*"))
			.toList();
		assertThat(entries).singleElement()
			.asString()
			.matches("0 3 \\* \\* \\* keysweep .*(java( -\\S+)* -jar \\S+|/bin/keysweep) run --all .*");
	}

	private static List<Map<String, Object>> documents() throws IOException {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml(new SafeConstructor(new LoaderOptions()))
			.loadAll(Files.readString(DEPLOY.resolve("kubernetes-cronjob.yaml")))) {
			documents.add(asMap(document));
		}
		return documents;
	}

	private static Map<String, Object> cronJob() throws IOException {
		Map<String, Object> cronJob = documents().stream()
			.filter(d -> "CronJob".equals(d.get("kind")))
			.findFirst()
			.orElseThrow();
		assertThat(cronJob).containsEntry("apiVersion", "batch/v1");
		return cronJob;
	}

	private static Map<String, Object> pod() throws IOException {
		return map(map(map(map(map(cronJob(), "spec"), "jobTemplate"), "spec"), "template"), "spec");
	}

	private static Map<String, Object> container() throws IOException {
		return list(pod(), "containers").get(0);
	}

	@SuppressWarnings("unchecked")
	private static List<String> args() throws IOException {
		return (List<String>) container().get("args");
	}

	/** The pod's volume mounted at the path or a directory above it. */
	private static Map<String, Object> volumeHolding(String path) throws IOException {
		Map<String, Object> mount = list(container(), "volumeMounts").stream()
			.filter(m -> (path + "/").startsWith(m.get("mountPath") + "/"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no volume is mounted at " + path));
		return byName(list(pod(), "volumes")).get((String) mount.get("name"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
		assertThat(parent).containsKey(key);
		return (List<Map<String, Object>>) parent.get(key);
	}

	private static Map<String, Map<String, String>> unit(String name) throws IOException {
		Map<String, Map<String, String>> sections = new LinkedHashMap<>();
		Map<String, String> section = null;
		for (String line : Files.readAllLines(DEPLOY.resolve(name))) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			if (line.startsWith("[")) {
				section = sections.computeIfAbsent(line.substring(1, line.indexOf(']')), s -> new HashMap<>());
			}
			else {
				assertThat(section).as(name + ": a setting before any section").isNotNull();
				assertThat(line).as(name).contains("=");
				section.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
			}
		}
		assertThat(sections.get("Unit")).as(name).containsKey("Description");
		return sections;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		assertThat(parent).containsKey(key);
		return (Map<String, Object>) parent.get(key);
	}

	private static Map<String, Map<String, Object>> byName(List<Map<String, Object>> items) {
		Map<String, Map<String, Object>> byName = new HashMap<>();
		items.forEach(item -> byName.put((String) item.get("name"), item));
		return byName;
	}

	private static Map<String, Map<String, Object>> byMountPath(List<Map<String, Object>> mounts) {
		Map<String, Map<String, Object>> byPath = new HashMap<>();
		mounts.forEach(mount -> byPath.put((String) mount.get("mountPath"), mount));
		return byPath;
	}

	private static boolean onPath(String command) {
		return System.getenv("PATH") != null && Arrays.stream(System.getenv("PATH").split(":"))
			.anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
	}

}
