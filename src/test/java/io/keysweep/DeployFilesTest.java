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

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The example deployment files the README shows (src/main/deploy): they parse, and they
 * hold what makes a nightly run safe: no overlap, the password from a secret, and the job
 * repository on storage that outlives a run.
 */
class DeployFilesTest {

	private static final Path DEPLOY = Path.of("src/main/deploy");

	@Test
	@SuppressWarnings("unchecked")
	void theKubernetesCronJobForbidsOverlapTakesThePasswordFromASecretAndKeepsTheDataDirOnAVolume() throws IOException {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml(new SafeConstructor(new LoaderOptions()))
			.loadAll(Files.readString(DEPLOY.resolve("kubernetes-cronjob.yaml")))) {
			documents.add((Map<String, Object>) document);
		}
		Map<String, Object> cronJob = documents.stream()
			.filter(d -> "CronJob".equals(d.get("kind")))
			.findFirst()
			.orElseThrow();
		Map<String, Object> claim = documents.stream()
			.filter(d -> "PersistentVolumeClaim".equals(d.get("kind")))
			.findFirst()
			.orElseThrow();
		assertThat(cronJob).containsEntry("apiVersion", "batch/v1");
		Map<String, Object> spec = map(cronJob, "spec");
		assertThat(spec).containsEntry("concurrencyPolicy", "Forbid");
		assertThat(((String) spec.get("schedule")).split(" ")).hasSize(5);
		Map<String, Object> pod = map(map(map(map(spec, "jobTemplate"), "spec"), "template"), "spec");
		assertThat(pod.get("restartPolicy")).isIn("Never", "OnFailure");
		Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
		List<String> args = (List<String>) container.get("args");
		assertThat(args).startsWith("run", "--all");

		Map<String, Map<String, Object>> env = byName((List<Map<String, Object>>) container.get("env"));
		Map<String, Object> secret = map(map(env.get("REDIS_PASSWORD"), "valueFrom"), "secretKeyRef");
		assertThat(secret).containsKeys("name", "key");
		assertThat((String) env.get("REDIS_URL").get("value")).as("no credentials in the URL").doesNotContain("@");

		String dataDir = args.get(args.indexOf("--data-dir") + 1);
		String dataVolume = byMountPath((List<Map<String, Object>>) container.get("volumeMounts")).get(dataDir);
		assertThat(dataVolume).as("a volume mounted at the data dir").isNotNull();
		Map<String, Object> volume = byName((List<Map<String, Object>>) pod.get("volumes")).get(dataVolume);
		assertThat(map(volume, "persistentVolumeClaim")).containsEntry("claimName", map(claim, "metadata").get("name"));
		String jobsDir = args.get(args.indexOf("--jobs-dir") + 1);
		assertThat(byMountPath((List<Map<String, Object>>) container.get("volumeMounts"))).containsKey(jobsDir);
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

	private static Map<String, String> byMountPath(List<Map<String, Object>> mounts) {
		Map<String, String> volumes = new HashMap<>();
		mounts.forEach(mount -> volumes.put((String) mount.get("mountPath"), (String) mount.get("name")));
		return volumes;
	}

	private static boolean onPath(String command) {
		return System.getenv("PATH") != null && Arrays.stream(System.getenv("PATH").split(":"))
			.anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
	}

}
