package io.keysweep.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.concurrent.atomic.AtomicBoolean;

import io.keysweep.batch.SweepParameters;
import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.tally.SweepCounts;
import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.TestApp;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import redis.clients.jedis.Jedis;

/**
 * Four runs of one job, as a week of nights might leave them: a dry run, a run that
 * failed when Redis went away, its resumption, and a later run that found new leaks. The
 * report must read back what they stored.
 */
class ReportCommandTest {

	private static final String JOB = "notify";

	private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

	@TempDir
	static Path dir;

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	private static Path jobsDir;

	private static Path dataDir;

	private static long dryRun;

	private static long failed;

	private static long resumed;

	private static long later;

	private static String runIdBeforeRestart;

	private static String runIdAfterRestart;

	private static double meanLeakedKeyBytes;

	@BeforeAll
	static void runFourTimes() throws Exception {
		jobsDir = dir.resolve("jobs");
		dataDir = dir.resolve("data");
		Definitions.write(jobsDir, JOB, Definitions.notifyYaml("b-*-notify", 50, 40));
		try (Jedis jedis = redis.client()) {
			List<String> leaked = BatchKeys.leaked(jedis, 300);
			BatchKeys.deleted(jedis, 20);
			BatchKeys.live(jedis, 10);
			BatchKeys.withTtl(jedis, 50);
			BatchKeys.other(jedis, 100);
			meanLeakedKeyBytes = leaked.stream().mapToLong(jedis::memoryUsage).average().orElseThrow();
			runIdBeforeRestart = runId(jedis);
		}
		assertThat(cli("run", JOB, "--dry-run").exitCode()).isZero();
		dryRun = 1;

		JobDefinition definition = new JobDefinitions(jobsDir).load(JOB);
		SweepParameters parameters = SweepParameters.newRun(definition, false, 0, "127.0.0.1:" + redis.port());
		try (TestApp app = TestApp.start(redis.url(), dataDir)) {
			JobExecution first = app.launch(definition, parameters, new RedisGoesAwayAfterFirstChunk());
			assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
			failed = first.getId();
			redis.start();
			try (Jedis jedis = redis.client()) {
				runIdAfterRestart = runId(jedis);
			}
			JobExecution second = app.launch(definition, parameters);
			assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			resumed = second.getId();
		}
		try (Jedis jedis = redis.client()) {
			BatchKeys.leaked(jedis, 40);
		}
		Cli.Result result = cli("run", JOB);
		assertThat(result.exitCode()).as(result.err()).isZero();
		later = resumed + 1;
	}

	@Test
	void listsOneLinePerRunNewestFirstWithResumedFailedAndDryRunsMarked() {
		Cli.Result result = cli("report");

		assertThat(result.exitCode()).as(result.err()).isZero();
		List<String> lines = result.out().strip().lines().toList();
		assertThat(lines).hasSize(4);
		assertThat(lines.get(0)).startsWith("#" + later + "  " + JOB)
			.contains("COMPLETED")
			.contains("expired 40")
			.contains("leaked 40");
		assertThat(lines.get(1)).startsWith("#" + resumed).contains("COMPLETED (resumed from #" + failed + ")");
		assertThat(lines.get(2)).startsWith("#" + failed).contains("FAILED");
		assertThat(lines.get(3)).startsWith("#" + dryRun)
			.contains("[dry run]")
			.contains("would expire 330")
			.contains("deleted 20, has-ttl 50, leaked 300, live 10");
	}

	@Test
	void lastAndJobNarrowTheList() {
		Cli.Result result = cli("report", JOB, "--last", "2");

		assertThat(result.exitCode()).isZero();
		assertThat(result.out().strip().lines().map(l -> l.substring(0, l.indexOf(' ')))).containsExactly("#" + later,
				"#" + resumed);
	}

	@Test
	void jsonHoldsExactlyWhatEachExecutionStored() throws Exception {
		Cli.Result result = cli("report", "--format", "json");

		assertThat(result.exitCode()).as(result.err()).isZero();
		JsonArray runs = JsonParser.parseString(result.out()).getAsJsonObject().getAsJsonArray("runs");
		assertThat(runs).hasSize(4);
		try (TestApp app = TestApp.start(redis.url(), dataDir)) {
			JobRepository repository = app.bean(JobRepository.class);
			for (JsonElement element : runs) {
				JsonObject run = element.getAsJsonObject();
				JobExecution stored = repository.getJobExecution(run.get("execution_id").getAsLong());
				StepExecution step = stored.getStepExecutions().iterator().next();
				SweepCounts counts = SweepCounts.from(step.getExecutionContext());
				assertThat(run.get("status").getAsString()).isEqualTo(stored.getStatus().toString());
				assertThat(run.get("job").getAsString()).isEqualTo(JOB);
				JsonObject c = run.getAsJsonObject("counts");
				assertThat(c.get("scanned").getAsLong()).isEqualTo(counts.total(SweepCounts.SCANNED));
				assertThat(c.get("matching").getAsLong()).isEqualTo(counts.total(SweepCounts.MATCHING));
				assertThat(c.get("expired").getAsLong()).isEqualTo(counts.total(SweepCounts.EXPIRED));
				assertThat(c.get("would_expire").getAsLong()).isEqualTo(counts.total(SweepCounts.WOULD_EXPIRE));
				assertThat(classes(run)).isEqualTo(counts.classes());
				assertThat(run.getAsJsonObject("sample_keys").keySet()).isEqualTo(counts.samples().keySet());
				assertThat(run.getAsJsonObject("redis").get("endpoint").getAsString())
					.isEqualTo("127.0.0.1:" + redis.port());
			}
		}
		assertThat(runById(runs, dryRun).get("dry_run").getAsBoolean()).isTrue();
		assertThat(runById(runs, later).get("dry_run").getAsBoolean()).isFalse();
		assertThat(runById(runs, resumed).get("resumed_from").getAsLong()).isEqualTo(failed);
		assertThat(runById(runs, failed).get("resumed_from").isJsonNull()).isTrue();
		assertThat(runById(runs, failed).getAsJsonArray("errors").get(0).getAsString())
			.startsWith("cannot reach Redis at 127.0.0.1:" + redis.port());
		assertThat(runById(runs, failed).getAsJsonObject("redis").get("run_id").getAsString())
			.isEqualTo(runIdBeforeRestart);
		assertThat(runById(runs, resumed).getAsJsonObject("redis").get("run_id").getAsString())
			.isEqualTo(runIdAfterRestart)
			.isNotEqualTo(runIdBeforeRestart);
		assertThat(runById(runs, resumed).getAsJsonObject("redis").get("version").getAsString())
			.isEqualTo(redis.version());
	}

	@Test
	void jsonFieldNamesAreTheDocumentedOnes() throws IOException {
		JsonObject run = JsonParser
			.parseString(cli("report", "--execution", String.valueOf(failed), "--format", "json").out())
			.getAsJsonObject();
		JsonObject listed = JsonParser.parseString(cli("report", "--format", "json").out()).getAsJsonObject();

		// scripts and dashboards read these names: change them only with reports.md and
		// a new major version
		assertThat(listed.keySet()).containsExactly("runs", "targets");
		assertThat(listed.getAsJsonArray("runs").get(0).getAsJsonObject().keySet()).isEqualTo(run.keySet());
		Map<String, List<String>> documented = documentedJsonFields();
		Set<String> expected = new TreeSet<>(documented.keySet());
		// only the run of an audit has it
		expected.remove("audit");
		assertThat(fieldNames(run, documented.keySet())).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(run.getAsJsonArray("steps").get(0).getAsJsonObject().keySet())
			.containsExactlyInAnyOrderElementsOf(documented.get("steps[]"));
		// a job without a dead-batch set records no removed members: they read as 0
		assertThat(run.getAsJsonObject("counts").get("removed").getAsLong()).isZero();
		assertThat(run.getAsJsonObject("counts").get("would_remove").getAsLong()).isZero();
		assertThat(run.getAsJsonObject("parameters").keySet())
			.contains("definition-checksum", "dry-run", "limit", "redis", "started-at", "definition.match",
					"definition.ttl.leaked")
			.allMatch(name -> List.of("definition-checksum", "dry-run", "limit", "redis", "started-at").contains(name)
					|| name.startsWith("definition."));
	}

	@Test
	void oneExecutionInFullShowsWhereItRanItsParametersSamplesAndErrors() {
		Cli.Result result = cli("report", "--execution", String.valueOf(failed));

		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains(JOB + ": FAILED (execution " + failed + ")")
			.contains("redis 127.0.0.1:" + redis.port() + ", version " + redis.version() + ", run_id "
					+ runIdBeforeRestart)
			.contains("parameters: ")
			.contains("dry-run=false")
			.contains("redis=127.0.0.1:" + redis.port())
			.contains("step sweep: FAILED")
			.contains("error: cannot reach Redis at 127.0.0.1:" + redis.port());
		assertThat(result.out()).containsPattern("leaked: (b-LEAK\\d{10}-notify ?){5}");
	}

	@Test
	void estimatesTheMemoryTheExpiredKeysHoldFromSampledKeys() {
		Cli.Result result = cli("report", "--execution", String.valueOf(dryRun), "--format", "json");

		JsonObject memory = JsonParser.parseString(result.out()).getAsJsonObject().getAsJsonObject("memory_estimate");
		assertThat(memory.get("sampled_keys").getAsLong()).isBetween(1L, 300L);
		// 330 keys would expire; notify keys all take about the same memory as the leaked
		// ones measured here
		assertThat(memory.get("bytes").getAsDouble()).isBetween(330 * meanLeakedKeyBytes * 0.8,
				330 * meanLeakedKeyBytes * 1.2);
		assertThat(cli("report", "--execution", String.valueOf(dryRun)).out())
			.containsPattern("memory held by the keys that would get an expiry: about [\\d.]+ KiB "
					+ "\\(an estimate from \\d+ sampled keys\\)");
	}

	@Test
	void badInputGetsOneLineAndExitCode2() throws Exception {
		assertOneLineError(cli("report", "--execution", "9999"), "keysweep: no execution 9999 in this job repository");
		assertOneLineError(cli("report", "--format", "xml"),
				"keysweep: Invalid value for option '--format': expected one of [TEXT, JSON, HTML] (case-insensitive) but was 'xml' (keysweep help report lists the options)");
		assertOneLineError(cli("report", "nightly"),
				"keysweep: no run of job 'nightly' in the job repository (jobs there: notify)");
		assertOneLineError(cli("report", "--out", dir.resolve("missing/report.html").toString()),
				"keysweep: --out: cannot write " + dir.resolve("missing/report.html"));
		assertOneLineError(cli("report", "other", "--execution", String.valueOf(failed)),
				"keysweep: execution " + failed + " is a run of notify, not of other");
		Path readOnly = Files.createDirectories(dir.resolve("read-only"));
		assertThat(readOnly.toFile().setWritable(false)).isTrue();
		if (!Files.isWritable(readOnly)) { // root writes anywhere
			assertOneLineError(cli("report", "--out", readOnly.resolve("r.txt").toString()),
					"keysweep: --out: cannot write " + readOnly.resolve("r.txt"));
		}
	}

	@Test
	void aResumesKeysPerSecondAreItsOwnKeysOverItsOwnTime() {
		JsonArray runs = JsonParser.parseString(cli("report", "--format", "json").out())
			.getAsJsonObject()
			.getAsJsonArray("runs");
		JsonObject before = runById(runs, failed);
		JsonObject resume = runById(runs, resumed);
		long scannedBefore = before.getAsJsonObject("counts").get("scanned").getAsLong();
		long scannedInAll = resume.getAsJsonObject("counts").get("scanned").getAsLong();
		long ownKeys = resume.getAsJsonObject("counts").get("scanned_this_execution").getAsLong();
		double ownSeconds = resume.get("duration_seconds").getAsDouble();

		assertThat(scannedBefore).isPositive();
		assertThat(scannedInAll).isGreaterThan(scannedBefore);
		assertThat(ownKeys).isEqualTo(scannedInAll - scannedBefore);
		assertThat(before.getAsJsonObject("counts").get("scanned_this_execution").getAsLong()).isEqualTo(scannedBefore);
		assertThat(cli("report", "--execution", String.valueOf(resumed)).out())
			.contains(String.format(", %d keys/s", Math.round(ownKeys / ownSeconds)));
	}

	@Test
	void theChartPlotsAFailedExecutionAndItsResumeAsOneRunWithTheFinalCounts() throws Exception {
		Path html = dir.resolve("chart.html");
		assertThat(cli("report", "--format", "html", "--out", html.toString()).exitCode()).isZero();
		JsonArray runs = JsonParser.parseString(cli("report", "--format", "json").out())
			.getAsJsonObject()
			.getAsJsonArray("runs");

		Map<String, String> plotted = new TreeMap<>();
		java.util.regex.Matcher point = java.util.regex.Pattern
			.compile("<circle class=\"point\" data-series=\"(\\w+)\" data-execution=\"(\\d+)\" data-value=\"(\\d+)\"")
			.matcher(Files.readString(html));
		while (point.find()) {
			plotted.put(point.group(2) + " " + point.group(1), point.group(3));
		}
		long expiredInAll = runById(runs, resumed).getAsJsonObject("counts").get("expired").getAsLong();
		assertThat(plotted)
			.containsOnlyKeys(dryRun + " leaked", dryRun + " expired", resumed + " leaked", resumed + " expired",
					later + " leaked", later + " expired")
			.containsEntry(resumed + " expired", String.valueOf(expiredInAll))
			.containsEntry(resumed + " leaked", "300");
		assertThat(expiredInAll).isEqualTo(330);
	}

	@Test
	void outWritesTheReportToAFile() throws Exception {
		Path file = dir.resolve("report.json");

		Cli.Result result = cli("report", "--format", "json", "--out", file.toString());

		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).isEmpty();
		assertThat(JsonParser.parseString(Files.readString(file)).getAsJsonObject().getAsJsonArray("runs")).hasSize(4);
	}

	private static void assertOneLineError(Cli.Result result, String line) {
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.err()).isEqualTo(line + System.lineSeparator());
	}

	private static Map<String, Long> classes(JsonObject run) {
		Map<String, Long> classes = new TreeMap<>();
		run.getAsJsonObject("classes").entrySet().forEach(e -> classes.put(e.getKey(), e.getValue().getAsLong()));
		return classes;
	}

	private static JsonObject runById(JsonArray runs, long id) {
		List<JsonObject> found = new ArrayList<>();
		runs.forEach(r -> {
			if (r.getAsJsonObject().get("execution_id").getAsLong() == id) {
				found.add(r.getAsJsonObject());
			}
		});
		assertThat(found).hasSize(1);
		return found.get(0);
	}

	private static String runId(Jedis jedis) {
		return jedis.info("server")
			.lines()
			.filter(l -> l.startsWith("run_id:"))
			.map(l -> l.substring("run_id:".length()).trim())
			.findFirst()
			.orElseThrow();
	}

	private static Cli.Result cli(String... args) {
		return Cli.in(dir, redis.url(), args);
	}

	/**
	 * Takes Redis away (its keys saved) once the first chunk is written, so that the run
	 * fails mid-way.
	 */
	private static final class RedisGoesAwayAfterFirstChunk implements ChunkListener<Object, Object> {

		private final AtomicBoolean done = new AtomicBoolean();

		@Override
		public void afterChunk(Chunk<Object> chunk) {
			if (!done.getAndSet(true)) {
				redis.saveAndStop();
			}
		}

	}

	/**
	 * The names in the first column of reports.md's table of JSON fields
	 * ({@code counts.scanned}, {@code steps[]}, ...), each with the names in the code
	 * spans of its second column: for an array ({@code steps[]}), its elements' fields.
	 */
	private static Map<String, List<String>> documentedJsonFields() throws IOException {
		String doc = Files.readString(Path.of("src/docs/reports.md"));
		String section = doc.substring(doc.indexOf("## JSON fields"));
		section = section.substring(0, section.indexOf("\n## ", 1));
		Map<String, List<String>> fields = new TreeMap<>();
		for (String row : section.lines().filter(line -> line.startsWith("| `")).toList()) {
			String[] cells = row.split("\\|");
			List<String> spans = codeSpans(cells[2]);
			codeSpans(cells[1]).forEach(name -> fields.put(name, spans));
		}
		return fields;
	}

	private static List<String> codeSpans(String text) {
		return CODE_SPAN.matcher(text).results().map(match -> match.group(1)).toList();
	}

	/**
	 * The run's field names as reports.md writes them: an object whose fields the
	 * document names one by one as {@code redis.endpoint}, an array as {@code steps[]},
	 * any other field (a map such as {@code classes}, or {@code errors}) by its own name.
	 */
	private static Set<String> fieldNames(JsonObject run, Set<String> documented) {
		Set<String> names = new TreeSet<>();
		run.entrySet().forEach(field -> {
			String name = field.getKey();
			if (documented.contains(name + "[]")) {
				names.add(name + "[]");
			}
			else if (documented.stream().anyMatch(doc -> doc.startsWith(name + "."))
					&& field.getValue().isJsonObject()) {
				field.getValue().getAsJsonObject().keySet().forEach(inner -> names.add(name + "." + inner));
			}
			else {
				names.add(name);
			}
		});
		return names;
	}

}
