package io.keysweep.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.keysweep.testing.BatchKeys;
import io.keysweep.testing.Cli;
import io.keysweep.testing.DebianTool;
import io.keysweep.testing.Definitions;
import io.keysweep.testing.KeysweepAcl;
import io.keysweep.testing.RedisServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped alert rules and dashboard (src/main/deploy) against the series keysweep
 * really writes: the metrics files of a real audit, of a real completed run and of a real
 * failed one (an ACL user without EXPIRE). Every metric the rules and the dashboard name
 * is in them, and {@code promtool test rules} shows each rule firing on those series,
 * with the values of a failed, a leaking and a missed night and of an audit that suspects
 * a leak, and staying quiet on a good one.
 */
class AlertRulesTest {

	private static final Path RULES = Path.of("src/main/deploy/keysweep-alerts.yml").toAbsolutePath();

	private static final Path DASHBOARD = Path.of("src/main/deploy/grafana-dashboard.json");

	private static final Pattern METRIC = Pattern.compile("keysweep_[a-z_]+");

	private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@TempDir
	static Path dir;

	/** Metric name to its first series, {@code name{labels}}, from both runs' files. */
	private static final Map<String, String> completed = new LinkedHashMap<>();

	private static final Map<String, String> failed = new LinkedHashMap<>();

	private static final Map<String, String> audited = new LinkedHashMap<>();

	private static String completedText;

	@BeforeAll
	static void runAnAuditAndACompletedAndAFailedSweep() throws IOException {
		try (Jedis jedis = redis.client()) {
			BatchKeys.leaked(jedis, 40);
			BatchKeys.withTtl(jedis, 10);
			KeysweepAcl.grant(jedis, KeysweepAcl.RULES.replace(" +expire ", " "));
		}
		// before the sweep gives the leaked keys a TTL: they hold most of the memory
		// without one, a suspected leak
		Path auditFile = dir.resolve("audit.prom");
		Cli.Result audit = Cli.in(dir, redis.url(), "audit", "--share-over", "10", "--metrics-file",
				auditFile.toString());
		assertThat(audit.exitCode()).as(audit.err()).isZero();
		audited.putAll(series(Files.readString(auditFile)));
		Definitions.write(dir.resolve("jobs"), "notify",
				Definitions.notifyYaml("b-*-notify", 100, 100) + "alert:\n  leaked-over: 10\n");
		Path completedFile = dir.resolve("completed.prom");
		Path failedFile = dir.resolve("failed.prom");

		Cli.Result bad = Cli.run("run", "notify", "--jobs-dir", dir.resolve("jobs").toString(), "--data-dir",
				dir.resolve("data-acl").toString(), "--redis-url", KeysweepAcl.url(redis.port()), "--metrics-file",
				failedFile.toString());
		Cli.Result good = Cli.in(dir, redis.url(), "run", "notify", "--metrics-file", completedFile.toString());

		assertThat(good.exitCode()).as(good.err()).isEqualTo(3);
		assertThat(bad.exitCode()).as(bad.out()).isEqualTo(2);
		completedText = Files.readString(completedFile);
		completed.putAll(series(completedText));
		failed.putAll(series(Files.readString(failedFile)));
		assertThat(completed.get("keysweep_run_completed")).isNotNull();
		assertThat(Files.readString(failedFile)).contains("keysweep_run_completed{keysweep_job=\"notify\"");
	}

	@Test
	void everyMetricTheRulesAndTheDashboardNameIsOneKeysweepWrites() throws IOException {
		Set<String> written = new TreeSet<>(completed.keySet());
		written.addAll(failed.keySet());
		written.addAll(audited.keySet());

		Set<String> inRules = new TreeSet<>();
		for (Map<String, Object> rule : rules()) {
			inRules.addAll(metrics((String) rule.get("expr")));
		}
		Set<String> inDashboard = new TreeSet<>();
		expressions(JsonParser.parseString(Files.readString(DASHBOARD)), inDashboard);

		assertThat(inRules).isNotEmpty();
		assertThat(written).containsAll(inRules);
		assertThat(inDashboard).isNotEmpty();
		assertThat(written).containsAll(inDashboard);
	}

	@Test
	void theRulesFireOnTheSeriesOfAFailedALeakingAndAMissedNight() throws Exception {
		Path promtool = DebianTool.require("promtool", "prometheus");
		String failedRun = failed.get("keysweep_run_completed");
		String leaked = completed.get("keysweep_class_keys").replaceFirst("class=\"[^\"]*\"", "class=\"leaked\"");
		assertThat(completedText).contains(leaked + " ");
		String lastSuccess = completed.get("keysweep_last_success_timestamp_seconds");
		String alerts = completed.get("keysweep_alerts");
		String suspects = audited.get("keysweep_audit_suspected_leaks");

		List<Object> tests = List.of(
				// a failed night; a good night (completed 1) is quiet
				test(Map.of(failedRun, "0x20"), expect("KeysweepRunFailed", "30m", failedRun, "0")),
				test(Map.of(completed.get("keysweep_run_completed"), "1x20"), quiet("KeysweepRunFailed", "30m")),
				// the definition's thresholds, crossed (1) or not (0)
				test(Map.of(alerts, "1x20"), expect("KeysweepThresholdCrossed", "30m", alerts, "1")),
				test(Map.of(alerts, "0x20"), quiet("KeysweepThresholdCrossed", "30m")),
				// an audit that suspects two patterns of a leak; one that suspects none
				test(Map.of(suspects, "2x20"), expect("KeysweepAuditSuspectsALeak", "30m", suspects, "2")),
				test(Map.of(suspects, "0x20"), quiet("KeysweepAuditSuspectsALeak", "30m")),
				// 20000 leaked keys found
				test(Map.of(leaked, "20000x20"), expect("KeysweepLeakedKeysHigh", "30m", leaked, "20000")),
				// 1000 leaked keys a night for a day, then 3000: growth of 2000
				test(Map.of(leaked, "1000x144 3000x12"), quiet("KeysweepLeakGrowth", "23h"),
						expect("KeysweepLeakGrowth", "25h", leaked, "2000")),
				// the last success at time 0: still fresh at 25 h, a missed night at 27 h
				test(Map.of(lastSuccess, "0x200"), quiet("KeysweepNoSuccessfulRun", "25h"),
						expect("KeysweepNoSuccessfulRun", "27h", lastSuccess, "97200")));
		Map<String, Object> file = new LinkedHashMap<>();
		file.put("rule_files", List.of(RULES.toString()));
		file.put("evaluation_interval", "1m");
		file.put("tests", tests);
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		Path testFile = Files.writeString(dir.resolve("keysweep-alerts-test.yml"), new Yaml(options).dump(file));

		Process process = new ProcessBuilder(promtool.toString(), "test", "rules", testFile.toString())
			.redirectErrorStream(true)
			.start();
		String said = new String(process.getInputStream().readAllBytes());

		assertThat(process.waitFor()).as(said + "\n" + Files.readString(testFile)).isZero();
		assertThat(said).contains("SUCCESS");
	}

	/** One promtool test: series (every 10 minutes) and what the rules do with them. */
	private static Map<String, Object> test(Map<String, String> seriesValues, Map<?, ?>... alertTests) {
		List<Map<String, String>> input = new ArrayList<>();
		seriesValues.forEach((series, values) -> input.add(Map.of("series", series, "values", values)));
		return Map.of("interval", "10m", "input_series", input, "alert_rule_test", List.of(alertTests));
	}

	private static Map<String, Object> quiet(String alert, String at) {
		return Map.of("eval_time", at, "alertname", alert, "exp_alerts", List.of());
	}

	/**
	 * The alert firing on the series, with its labels and the annotations the rule file
	 * gives, filled in as Prometheus fills them.
	 */
	private static Map<String, Object> expect(String alert, String at, String series, String value) throws IOException {
		Map<String, String> labels = new LinkedHashMap<>();
		Matcher m = LABEL.matcher(series);
		while (m.find()) {
			labels.put(m.group(1), m.group(2));
		}
		Map<String, Object> rule = rule(alert);
		@SuppressWarnings("unchecked")
		Map<String, String> ruleLabels = (Map<String, String>) rule.get("labels");
		labels.putAll(ruleLabels);
		Map<String, String> annotations = new LinkedHashMap<>();
		@SuppressWarnings("unchecked")
		Map<String, String> templates = (Map<String, String>) rule.get("annotations");
		templates.forEach((name, template) -> {
			String text = template.replace("{{ $value }}", value);
			for (Map.Entry<String, String> label : labels.entrySet()) {
				text = text.replace("{{ $labels." + label.getKey() + " }}", label.getValue());
			}
			annotations.put(name, text);
		});
		return Map.of("eval_time", at, "alertname", alert, "exp_alerts",
				List.of(Map.of("exp_labels", labels, "exp_annotations", annotations)));
	}

	private static Map<String, Object> rule(String alert) throws IOException {
		return rules().stream()
			.filter(rule -> alert.equals(rule.get("alert")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no alert " + alert + " in " + RULES));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> rules() throws IOException {
		Map<String, Object> file = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(RULES));
		List<Map<String, Object>> rules = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
			rules.addAll((List<Map<String, Object>>) group.get("rules"));
		}
		return rules;
	}

	/** Each metric's first series as the file writes it, {@code name{labels}}. */
	private static Map<String, String> series(String text) {
		Map<String, String> series = new LinkedHashMap<>();
		text.lines()
			.filter(line -> !line.startsWith("#") && !line.isBlank())
			.map(line -> line.substring(0, line.lastIndexOf(' ')))
			.forEach(s -> series.putIfAbsent(s.substring(0, s.indexOf('{')), s));
		return series;
	}

	private static Set<String> metrics(String text) {
		Set<String> names = new TreeSet<>();
		// label matchers name labels (keysweep_job), not metrics
		Matcher m = METRIC.matcher(text.replaceAll("\\{[^}]*}", "{}"));
		while (m.find()) {
			names.add(m.group());
		}
		return names;
	}

	/** The metric names of every {@code expr} in the dashboard. */
	private static void expressions(JsonElement element, Set<String> names) {
		if (element.isJsonObject()) {
			element.getAsJsonObject().entrySet().forEach(e -> {
				if (e.getKey().equals("expr")) {
					names.addAll(metrics(e.getValue().getAsString()));
				}
				else {
					expressions(e.getValue(), names);
				}
			});
		}
		else if (element.isJsonArray()) {
			element.getAsJsonArray().forEach(e -> expressions(e, names));
		}
	}

}
