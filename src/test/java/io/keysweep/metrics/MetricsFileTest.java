package io.keysweep.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Promtool;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * {@code --metrics-file}: what a textfile collector reads, checked with the Prometheus
 * client library's parser.
 */
class MetricsFileTest {

	/**
	 * Debian's python3-prometheus-client: the text format parser of an official
	 * Prometheus client library.
	 */
	private static final String PARSER = """
			import sys
			from prometheus_client.parser import text_string_to_metric_families
			for family in text_string_to_metric_families(open(sys.argv[1]).read()):
			    for s in family.samples:
			        labels = ",".join(k + "=" + v for k, v in sorted(s.labels.items()))
			        print(family.type, s.name, labels, repr(s.value), sep="\\t")
			""";

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	/** The database of the audit's keyspace, beside the sweeps' keys in database 0. */
	private static final int AUDITED_DB = 3;

	@TempDir
	Path dir;

	@BeforeAll
	static void startRedis() {
		try (Jedis jedis = redis.client()) {
			BatchKeys.leaked(jedis, 120);
			BatchKeys.deleted(jedis, 7);
			BatchKeys.withTtl(jedis, 30);
		}
	}

	@Test
	void parsesAsPrometheusTextWithTheRunsFiguresPerJobAndClass() throws Exception {
		String python = pythonWithParser();
		assumeTrue(python != null, "no python3 with prometheus_client (Debian package python3-prometheus-client): "
				+ "skipping the check with the Prometheus parser");
		Path file = dir.resolve("keysweep.prom");

		Cli.Result result = run(file, "--dry-run");

		assertThat(result.exitCode()).as(result.err()).isZero();
		Map<String, Double> samples = parse(python, file);
		String labels = "keysweep_job=notify,target=" + target();
		assertThat(samples).containsEntry("gauge keysweep_class_keys class=leaked," + labels, 120.0)
			.containsEntry("gauge keysweep_class_keys class=deleted," + labels, 7.0)
			.containsEntry("gauge keysweep_class_keys class=has-ttl," + labels, 30.0)
			.containsEntry("gauge keysweep_keys_scanned " + labels, 157.0)
			.containsEntry("gauge keysweep_keys_would_expire " + labels, 127.0)
			.containsEntry("gauge keysweep_keys_expired " + labels, 0.0)
			.containsEntry("gauge keysweep_run_completed " + labels, 1.0)
			.containsEntry("gauge keysweep_run_dry_run " + labels, 1.0)
			.containsEntry("gauge keysweep_alerts " + labels, 0.0)
			.containsKeys("gauge keysweep_run_duration_seconds " + labels,
					"gauge keysweep_run_end_timestamp_seconds " + labels,
					"gauge keysweep_memory_estimate_bytes " + labels)
			.containsEntry("gauge keysweep_build_info version=" + version(), 1.0);
		assertThat(samples.keySet()).allMatch(k -> k.split(" ")[1].startsWith("keysweep_"));
		// Prometheus sets job and instance on every series it scrapes: keysweep's own
		// labels must not collide with them
		assertThat(samples.keySet()).noneMatch(k -> k.matches(".* (.*,)?(job|instance)=.*"));
	}

	@Test
	void namesTheRateLimitOnlyForARunHeldToOne() throws Exception {
		Path file = dir.resolve("keysweep.prom");

		assertThat(run(file, "--dry-run", "--rate", "100000").exitCode()).isZero();
		assertThat(Files.readString(file))
			.contains("keysweep_run_rate_limit{keysweep_job=\"notify\",target=\"" + target() + "\"} 100000.0");

		assertThat(run(file, "--dry-run").exitCode()).isZero();
		assertThat(Files.readString(file)).contains("keysweep_keys_scanned").doesNotContain("keysweep_run_rate_limit");
	}

	@Test
	void replacesTheFileByRenameAndNeverWritesIntoIt() throws Exception {
		Path file = dir.resolve("keysweep.prom");
		Files.writeString(file, "# an older run's figures\n");
		List<String> events = new ArrayList<>();
		try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
			dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
					StandardWatchEventKinds.ENTRY_DELETE);

			assertThat(run(file, "--dry-run").exitCode()).isZero();
			assertThat(run(file, "--dry-run").exitCode()).isZero();

			WatchKey key;
			while ((key = watcher.poll(1, TimeUnit.SECONDS)) != null) {
				for (WatchEvent<?> event : key.pollEvents()) {
					events.add(event.kind().name() + " " + event.context());
				}
				key.reset();
			}
		}
		// a rename onto the file shows as its creation; writing into it would show as a
		// modification
		assertThat(events).contains("ENTRY_CREATE keysweep.prom").doesNotContain("ENTRY_MODIFY keysweep.prom");
		assertThat(Files.readString(file))
			.contains("keysweep_keys_scanned{keysweep_job=\"notify\",target=\"" + target() + "\"} 157.0");
		try (Stream<Path> files = Files.list(dir)) {
			assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("keysweep.prom", "jobs",
					"data");
		}
	}

	@Test
	void promtoolFindsNothingToComplainAbout() throws Exception {
		Path promtool = Promtool.require();
		Path file = dir.resolve("keysweep.prom");
		assertThat(run(file, "--dry-run", "--rate", "100000").exitCode()).isZero();

		Promtool.assertAccepts(promtool, file);
	}

	@Test
	void anAuditsTopPatternsAreBoundedToTenAndTheRestAddedUpAndPromtoolFindsNothingToComplainAbout() throws Exception {
		Path promtool = Promtool.require();
		Path file = dir.resolve("audit.prom");
		String auditUrl = redis.url() + "/" + AUDITED_DB;
		int patterns = AuditMetrics.MAX_PATTERNS + 3;
		try (Jedis jedis = redis.client()) {
			jedis.select(AUDITED_DB);
			jedis.flushDB();
			// the pattern kind<letter>:* holds as many keys without a TTL as its letter's
			// place in the alphabet, plus one with a TTL
			for (int p = 0; p < patterns; p++) {
				for (int i = 0; i <= p + 1; i++) {
					jedis.set("kind" + (char) ('a' + p) + ":" + i, "x");
				}
				jedis.expire("kind" + (char) ('a' + p) + ":0", 3_600);
			}
		}

		Cli.Result audit = Cli.in(dir, auditUrl, "audit", "--metrics-file", file.toString());

		assertThat(audit.exitCode()).as(audit.err()).isZero();
		String text = Files.readString(file);
		Map<String, Double> withoutTtl = new HashMap<>();
		text.lines()
			.filter(line -> line.startsWith("keysweep_audit_pattern_keys_without_ttl{"))
			.forEach(line -> withoutTtl.put(line.replaceAll(".*pattern=\"([^\"]*)\".*", "$1"),
					Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))));
		Map<String, Double> expected = new HashMap<>();
		for (int p = patterns - AuditMetrics.MAX_PATTERNS; p < patterns; p++) {
			expected.put("kind" + (char) ('a' + p) + ":*", p + 1.0);
		}
		// the three smallest: 1 + 2 + 3
		expected.put("(other)", 6.0);
		assertThat(withoutTtl).isEqualTo(expected);
		assertThat(text).contains("keysweep_audit_keys_without_ttl{keysweep_job=\"audit\",target=\"" + target() + "/"
				+ AUDITED_DB + "\"} " + (patterns * (patterns + 1) / 2) + ".0");
		Promtool.assertAccepts(promtool, file);
	}

	@Test
	void isReadableByOtherUsersAsTheUmaskAllows() throws Exception {
		Path file = dir.resolve("keysweep.prom");
		// what any program of this process gets for a new file: 0644 under the usual
		// umask 022
		Set<PosixFilePermission> umaskAllows = Files.getPosixFilePermissions(Files.createFile(dir.resolve("probe")));
		Files.delete(dir.resolve("probe"));

		assertThat(run(file, "--dry-run").exitCode()).isZero();

		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(umaskAllows);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).startsWith("rw-r");
	}

	@Test
	void theLastSuccessIsTheLatestCompletedSweepOfTheJobAndTarget() throws Exception {
		Path file = dir.resolve("keysweep.prom");
		String series = "keysweep_last_success_timestamp_seconds{keysweep_job=\"notify\",target=\"" + target() + "\"}";

		assertThat(run(file, "--dry-run").exitCode()).isZero();
		assertThat(Files.readString(file)).as("a dry run is no success").doesNotContain(series);

		assertThat(run(file, "--limit", "1").exitCode()).isZero();
		String swept = Files.readString(file);
		assertThat(value(swept, series)).isEqualTo(value(swept,
				"keysweep_run_end_timestamp_seconds{" + "keysweep_job=\"notify\",target=\"" + target() + "\"}"));

		assertThat(run(file, "--dry-run").exitCode()).isZero();
		assertThat(value(Files.readString(file), series)).as("kept from the job repository")
			.isEqualTo(value(swept, series));
	}

	@Test
	void manyClassesAreBoundedWithTheSmallestAddedUpAsOther() {
		Map<String, Long> classes = new HashMap<>();
		for (int i = 0; i < 50; i++) {
			classes.put("class-" + i, (long) i);
		}

		Map<String, Long> bounded = RunMetrics.boundedClasses(classes);

		assertThat(bounded).hasSize(RunMetrics.MAX_CLASSES)
			.containsEntry("class-49", 49L)
			.containsEntry("class-31", 31L)
			.doesNotContainKey("class-30");
		assertThat(bounded.get(RunMetrics.OTHER_CLASSES)).isEqualTo((0 + 30) * 31 / 2);
		assertThat(bounded.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(49 * 50 / 2);
	}

	@Test
	void anUnwritableDirectoryIsRefusedBeforeTheRun() {
		Path file = dir.resolve("missing/keysweep.prom");

		Cli.Result result = run(file);

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).isEqualTo("keysweep: --metrics-file: cannot write in " + dir.resolve("missing")
				+ " (no such directory)" + System.lineSeparator());
		assertThat(dir.resolve("data")).doesNotExist();
	}

	private Cli.Result run(Path metricsFile, String... extra) {
		Definitions.write(dir.resolve("jobs"), "notify", Definitions.notifyYaml("b-*-notify", 100, 100));
		List<String> args = new ArrayList<>(List.of("run", "notify", "--metrics-file", metricsFile.toString()));
		args.addAll(List.of(extra));
		return Cli.in(dir, redis.url(), args.toArray(String[]::new));
	}

	/** The {@code target} label: the test Redis as host:port, without credentials. */
	private static String target() {
		return redis.url().replaceFirst("^redis://", "");
	}

	private static String version() throws IOException {
		Properties properties = new Properties();
		try (InputStream in = MetricsFileTest.class.getResourceAsStream("/application.properties")) {
			properties.load(in);
		}
		return properties.getProperty("keysweep.version");
	}

	private static double value(String text, String series) {
		return text.lines()
			.filter(line -> line.startsWith(series + " "))
			.mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
			.findFirst()
			.orElseThrow(() -> new AssertionError(series + " not in\n" + text));
	}

	/**
	 * type, name and labels of each sample, to its value, as the Prometheus parser read
	 * them.
	 */
	private Map<String, Double> parse(String python, Path file) throws IOException, InterruptedException {
		Path script = Files.writeString(dir.resolve("parse.py"), PARSER);
		Process process = new ProcessBuilder(python, script.toString(), file.toString()).redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as(output).isZero();
		Map<String, Double> samples = new HashMap<>();
		for (String line : output.strip().split("\n")) {
			String[] fields = line.split("\t");
			samples.put(fields[0] + " " + fields[1] + " " + fields[2], Double.parseDouble(fields[3]));
		}
		return samples;
	}

	/** Debian's python3 first: a python3 earlier on PATH may lack Debian's packages. */
	private static String pythonWithParser() throws InterruptedException {
		for (String python : List.of("/usr/bin/python3", "python3")) {
			try {
				Process process = new ProcessBuilder(python, "-c", "import prometheus_client.parser")
					.redirectErrorStream(true)
					.start();
				process.getInputStream().readAllBytes();
				if (process.waitFor() == 0) {
					return python;
				}
			}
			catch (IOException notThere) {
				// try the next
			}
		}
		return null;
	}

}
