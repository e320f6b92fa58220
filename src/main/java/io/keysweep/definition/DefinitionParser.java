package io.keysweep.definition;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.keysweep.classify.Classifiers;
import io.keysweep.classify.Rule;
import org.springframework.scheduling.support.CronExpression;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and checks one job definition. Works on YAML nodes rather than bound objects so
 * that every error can name the file, the line and the field.
 */
final class DefinitionParser {

	// from the benchmark on a 1.1M-key Sidekiq keyspace: COUNT 5000 needs a fifth of the
	// round trips of 1000 for
	// ~6 ms of server time a call (1.2 us a key visited); chunks of 2000 keep H2 commits
	// a small share of a sweep
	static final int DEFAULT_SCAN_COUNT = 5000;
	static final int DEFAULT_CHUNK_SIZE = 2000;

	private static final int MAX_SCAN_COUNT = 100_000;

	private static final int MAX_CHUNK_SIZE = 100_000;

	private static final int MAX_DATABASE = 15_999;

	private static final Set<String> SCAN_TYPES = Set.of("string", "list", "set", "zset", "hash", "stream");

	/** The fields of every kind of job: what it is, when it runs, how fast. */
	private static final Set<String> COMMON_FIELDS = Set.of("kind", "description", "enabled", "match", "schedule",
			"time-zone", "missed", "resume", "rate", "max-latency", "max-command-time");

	private static final Set<String> SWEEP_FIELDS = union(COMMON_FIELDS,
			Set.of("type", "scan-count", "chunk-size", "limit", "classifier", "ttl", "rules", "jitter", "databases",
					"namespace", "dead-set", "allow-broad-match", "alert", "notify"));

	/** An audit's own fields are named as the {@code audit} command's options. */
	private static final Set<String> AUDIT_FIELDS = union(COMMON_FIELDS,
			Set.of("sample", "idle", "patterns", "growth-over", "share-over", "alert", "top", "notify"));

	private static final Set<String> NOTIFY_FIELDS = Set.of("url-env", "format");

	private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private static final Pattern MILLIS = Pattern.compile("(\\d{1,6})(ms|s)");

	private static final Pattern MICROS = Pattern.compile("(\\d{1,7})(us|ms)");

	private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");

	private static final Pattern RANGE = Pattern.compile("(\\d+)-(\\d+)");

	private final String name;

	private final String file;

	private final YamlFields yaml;

	private DefinitionParser(String name, String file) {
		this.name = name;
		this.file = file;
		this.yaml = new YamlFields(file);
	}

	static JobDefinition parse(String name, String file, byte[] content) {
		return new DefinitionParser(name, file).parse(content);
	}

	private JobDefinition parse(byte[] content) {
		Node root;
		try {
			root = new Yaml(new SafeConstructor(new LoaderOptions()))
				.compose(new StringReader(new String(content, StandardCharsets.UTF_8)));
		}
		catch (MarkedYAMLException e) {
			throw new InvalidDefinitionException(
					file + ":" + (e.getProblemMark().getLine() + 1) + ": not valid YAML: " + e.getProblem());
		}
		catch (YAMLException e) {
			throw new InvalidDefinitionException(file + ": not valid YAML: " + e.getMessage());
		}
		if (!(root instanceof MappingNode)) {
			throw new InvalidDefinitionException(
					file + ": must be a YAML mapping of fields (match, classifier, ttl, ...)");
		}
		String kind = kind((MappingNode) root);
		Map<String, Node> fields = yaml.fields(root, "", kind.equals("audit") ? AUDIT_FIELDS : SWEEP_FIELDS);
		if (kind.equals("audit")) {
			return audit(fields, content);
		}

		String match = yaml.optionalText(fields, "match", "match", null);
		if (match == null || match.isBlank()) {
			throw yaml.missing("match", "");
		}
		String namespace = namespace(fields, match);
		if (!match.startsWith(namespace)) {
			match = namespace + match;
		}
		boolean allowBroadMatch = yaml.bool(fields, "allow-broad-match", "allow-broad-match", false);
		if (isBroad(match) && !allowBroadMatch) {
			throw yaml.error(fields.get("match"), "match",
					"'" + match + "' would sweep every key; narrow it, or set allow-broad-match: true");
		}
		String type = yaml.optionalText(fields, "type", "type", null);
		if (type != null && !SCAN_TYPES.contains(type)) {
			throw yaml.error(fields.get("type"), "type",
					"'" + type + "' is not a Redis type " + new TreeSet<>(SCAN_TYPES));
		}
		String classifier = yaml.optionalText(fields, "classifier", "classifier", null);
		int jitter = jitter(fields);
		TtlCeiling ceiling = new TtlCeiling(Instant.now(), jitter);
		Map<String, Long> ttls = Map.of();
		List<Rule> rules = List.of();
		if (classifier != null && fields.containsKey("rules")) {
			throw yaml.error(fields.get("rules"), "rules", "give rules or a classifier, not both");
		}
		else if (classifier != null) {
			ttls = ttls(fields, classifier, ceiling);
		}
		else if (fields.containsKey("rules")) {
			if (fields.containsKey("ttl")) {
				throw yaml.error(fields.get("ttl"), "ttl",
						"goes with a classifier; with rules, each rule says its own TTL");
			}
			rules = new RulesParser(yaml, ceiling).parse(fields.get("rules"));
		}
		else {
			throw yaml.missing("classifier",
					" (name a built-in classifier: " + String.join(", ", Classifiers.names()) + ", or give rules)");
		}
		// read in the order of the fields' errors: the first wrong field is the one
		// reported
		String description = yaml.optionalText(fields, "description", "description", "");
		boolean enabled = yaml.bool(fields, "enabled", "enabled", true);
		int scanCount = (int) yaml.number(fields, "scan-count", DEFAULT_SCAN_COUNT, 1, MAX_SCAN_COUNT);
		int chunkSize = (int) yaml.number(fields, "chunk-size", DEFAULT_CHUNK_SIZE, 1, MAX_CHUNK_SIZE);
		JobDefinition.Expiring expiring = new JobDefinition.Expiring(classifier, ttls, rules, jitter);
		JobDefinition.Scan scan = new JobDefinition.Scan(match, type, scanCount, chunkSize, databases(fields),
				namespace, yaml.optionalText(fields, "dead-set", "dead-set", null),
				yaml.number(fields, "limit", 0, 1, Long.MAX_VALUE), allowBroadMatch);
		JobDefinition.Pacing pacing = new JobDefinition.Pacing(yaml.number(fields, "rate", 0, 1, Long.MAX_VALUE),
				maxLatency(fields), maxCommandTime(fields));
		return new JobDefinition(name, description, enabled, scan, expiring, pacing,
				alerts(fields,
						classifier != null ? Classifiers.expiringClasses(classifier)
								: rules.stream().map(Rule::keyClass).collect(Collectors.toSet())),
				schedule(fields), resumeFirst(fields), sha256(content), notify(fields), null);
	}

	/**
	 * {@code kind: sweep} (default) or {@code audit}: read before the other fields, as it
	 * decides which fields there are.
	 */
	private String kind(MappingNode root) {
		for (NodeTuple tuple : root.getValue()) {
			if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("kind")) {
				String kind = yaml.text(tuple.getValueNode(), "kind");
				if (!kind.equals("sweep") && !kind.equals("audit")) {
					throw yaml.error(tuple.getValueNode(), "kind", "'" + kind + "' is not sweep or audit");
				}
				return kind;
			}
		}
		return "sweep";
	}

	/**
	 * A read-only census of the keys of {@code match} (default: every key), run, resumed
	 * and scheduled as a sweep is.
	 */
	private JobDefinition audit(Map<String, Node> fields, byte[] content) {
		JobDefinition.Audit defaults = JobDefinition.Audit.DEFAULTS;
		String match = yaml.optionalText(fields, "match", "match", "*");
		if (match.isBlank()) {
			throw yaml.error(fields.get("match"), "match", "must not be empty (leave it out to count every key)");
		}
		String description = yaml.optionalText(fields, "description", "description", "");
		boolean enabled = yaml.bool(fields, "enabled", "enabled", true);
		JobDefinition.Audit audit = new JobDefinition.Audit(
				(int) yaml.number(fields, "sample", defaults.sample(), 0, Integer.MAX_VALUE),
				yaml.bool(fields, "idle", "idle", defaults.idle()),
				(int) yaml.number(fields, "patterns", defaults.patterns(), 1, JobDefinition.Audit.MAX_PATTERNS),
				yaml.number(fields, "growth-over", defaults.growthOver(), 0, Long.MAX_VALUE),
				(int) yaml.number(fields, "share-over", defaults.shareOver(), 0, 100),
				yaml.bool(fields, "alert", "alert", defaults.alert()),
				(int) yaml.number(fields, "top", defaults.top(), 1, Integer.MAX_VALUE));
		JobDefinition.Pacing pacing = new JobDefinition.Pacing(yaml.number(fields, "rate", 0, 1, Long.MAX_VALUE),
				maxLatency(fields), maxCommandTime(fields));
		return new JobDefinition(name, description, enabled, JobDefinition.Scan.audit(match),
				JobDefinition.Expiring.NONE, pacing, AlertThresholds.NONE, schedule(fields), resumeFirst(fields),
				sha256(content), notify(fields), audit);
	}

	private static Set<String> union(Set<String> a, Set<String> b) {
		Set<String> all = new HashSet<>(a);
		all.addAll(b);
		return Set.copyOf(all);
	}

	/**
	 * {@code schedule: "0 0 3 * * *"}, with {@code time-zone} (default: the machine's)
	 * and {@code missed}.
	 */
	private Schedule schedule(Map<String, Node> fields) {
		String expression = yaml.optionalText(fields, "schedule", "schedule", null);
		if (expression == null) {
			for (String field : List.of("time-zone", "missed")) {
				if (fields.containsKey(field)) {
					throw yaml.error(fields.get(field), field, "goes with a schedule; add schedule: \"0 0 3 * * *\"");
				}
			}
			return null;
		}
		CronExpression cron;
		try {
			cron = CronExpression.parse(expression);
		}
		catch (IllegalArgumentException e) {
			throw yaml.error(fields.get("schedule"), "schedule",
					"'" + expression + "' is not a cron expression "
							+ "(six fields: second minute hour day-of-month month day-of-week, e.g. \"0 0 3 * * *\"): "
							+ e.getMessage());
		}
		String zoneText = yaml.optionalText(fields, "time-zone", "time-zone", null);
		ZoneId zone;
		try {
			zone = zoneText == null ? ZoneId.systemDefault() : ZoneId.of(zoneText);
		}
		catch (DateTimeException e) {
			throw yaml.error(fields.get("time-zone"), "time-zone",
					"'" + zoneText + "' is not a time zone " + "(write a region such as Europe/Berlin, or UTC)");
		}
		String missedText = yaml.optionalText(fields, "missed", "missed", Schedule.Missed.RUN_ONCE.field());
		Schedule.Missed missed = Arrays.stream(Schedule.Missed.values())
			.filter(m -> m.field().equals(missedText))
			.findFirst()
			.orElseThrow(
					() -> yaml.error(fields.get("missed"), "missed", "'" + missedText + "' is not run-once or skip"));
		return new Schedule(expression, cron, zone, missed);
	}

	/**
	 * {@code notify: { url-env: KEYSWEEP_SLACK_URL, format: slack }}: the URL itself
	 * never goes in the file.
	 */
	private Notify notify(Map<String, Node> fields) {
		Node node = fields.get("notify");
		if (node == null) {
			return null;
		}
		Map<String, Node> notify = yaml.fields(node, "notify", NOTIFY_FIELDS);
		String urlEnv = yaml.optionalText(notify, "url-env", "notify.url-env", null);
		if (urlEnv == null) {
			throw yaml.error(node, "notify.url-env", "missing: name the environment variable that holds the webhook "
					+ "URL, e.g. url-env: KEYSWEEP_SLACK_URL (the URL is a secret: keep it out of the file)");
		}
		if (!ENV_NAME.matcher(urlEnv).matches()) {
			throw yaml.error(notify.get("url-env"), "notify.url-env",
					"'" + urlEnv + "' is not an environment variable's name (write e.g. KEYSWEEP_SLACK_URL)");
		}
		String formatText = yaml.optionalText(notify, "format", "notify.format", Notify.Format.SLACK.field());
		Notify.Format format = Arrays.stream(Notify.Format.values())
			.filter(f -> f.field().equals(formatText))
			.findFirst()
			.orElseThrow(() -> yaml.error(notify.get("format"), "notify.format",
					"'" + formatText + "' is not slack or json"));
		return new Notify(urlEnv, format);
	}

	/**
	 * {@code resume: first} (default): an unattended run continues an unfinished
	 * execution; {@code never}: starts over.
	 */
	private boolean resumeFirst(Map<String, Node> fields) {
		String text = yaml.optionalText(fields, "resume", "resume", "first");
		return switch (text) {
			case "first" -> true;
			case "never" -> false;
			default -> throw yaml.error(fields.get("resume"), "resume", "'" + text + "' is not first or never");
		};
	}

	private Map<String, Long> ttls(Map<String, Node> fields, String classifier, TtlCeiling ceiling) {
		Set<String> expiring = Classifiers.expiringClasses(classifier);
		if (expiring == null) {
			throw yaml.error(fields.get("classifier"), "classifier", "unknown classifier '" + classifier
					+ "' (built in: " + String.join(", ", Classifiers.names()) + ")");
		}
		Node node = fields.get("ttl");
		if (node == null) {
			throw yaml.missing("ttl", " (give a TTL for each of " + String.join(", ", new TreeSet<>(expiring)) + ")");
		}
		Map<String, Long> ttls = new HashMap<>();
		for (Map.Entry<String, Node> entry : yaml.fields(node, "ttl", null).entrySet()) {
			String path = "ttl." + entry.getKey();
			if (!expiring.contains(entry.getKey())) {
				throw yaml.error(entry.getValue(), path, "the classifier has no class '" + entry.getKey()
						+ "' that gets a TTL (its classes: " + String.join(", ", new TreeSet<>(expiring)) + ")");
			}
			ttls.put(entry.getKey(), yaml.ttl(entry.getValue(), path, ceiling, false));
		}
		Set<String> missing = new TreeSet<>(expiring);
		missing.removeAll(ttls.keySet());
		missing.removeAll(Classifiers.optionalClasses(classifier));
		if (!missing.isEmpty()) {
			throw yaml.error(node, "ttl", "no TTL for " + String.join(", ", missing));
		}
		return Map.copyOf(ttls);
	}

	private int jitter(Map<String, Node> fields) {
		String text = yaml.optionalText(fields, "jitter", "jitter", null);
		if (text == null) {
			return 0;
		}
		Matcher m = PERCENT.matcher(text.trim());
		if (!m.matches() || Integer.parseInt(m.group(1)) > 100) {
			throw yaml.error(fields.get("jitter"), "jitter", "'" + text + "' is not a percentage from 0% to 100%");
		}
		return Integer.parseInt(m.group(1));
	}

	/**
	 * {@code max-latency: 20ms} or {@code 1s}; none means the sweep never waits for a
	 * slow Redis.
	 */
	private Duration maxLatency(Map<String, Node> fields) {
		String text = yaml.optionalText(fields, "max-latency", "max-latency", null);
		if (text == null) {
			return Duration.ZERO;
		}
		Matcher m = MILLIS.matcher(text.trim());
		if (m.matches() && Long.parseLong(m.group(1)) > 0) {
			long n = Long.parseLong(m.group(1));
			return m.group(2).equals("s") ? Duration.ofSeconds(n) : Duration.ofMillis(n);
		}
		throw yaml.error(fields.get("max-latency"), "max-latency",
				"'" + text + "' is not a time above zero in ms or s (write e.g. 20ms)");
	}

	/**
	 * {@code max-command-time: 1ms} or {@code 500us}: how long one SCAN may hold Redis;
	 * {@link JobDefinition.Pacing#DEFAULT_MAX_COMMAND_TIME} when the definition says
	 * nothing.
	 */
	private Duration maxCommandTime(Map<String, Node> fields) {
		String text = yaml.optionalText(fields, "max-command-time", "max-command-time", null);
		if (text == null) {
			return JobDefinition.Pacing.DEFAULT_MAX_COMMAND_TIME;
		}
		Matcher m = MICROS.matcher(text.trim());
		if (m.matches() && Long.parseLong(m.group(1)) > 0) {
			long n = Long.parseLong(m.group(1));
			return m.group(2).equals("ms") ? Duration.ofMillis(n) : Duration.ofNanos(n * 1_000);
		}
		throw yaml.error(fields.get("max-command-time"), "max-command-time",
				"'" + text + "' is not a time above zero in us or ms (write e.g. 1ms or 500us)");
	}

	/** {@code databases: [0, 1]} or {@code databases: 0-3}. */
	private List<Integer> databases(Map<String, Node> fields) {
		Node node = fields.get("databases");
		if (node == null) {
			return List.of();
		}
		List<Integer> databases = new ArrayList<>();
		if (node instanceof ScalarNode scalar && RANGE.matcher(scalar.getValue()).matches()) {
			Matcher range = RANGE.matcher(scalar.getValue());
			range.matches();
			int from = database(node, range.group(1));
			int to = database(node, range.group(2));
			if (from > to) {
				throw yaml.error(node, "databases", "the range " + scalar.getValue() + " is empty");
			}
			for (int db = from; db <= to; db++) {
				databases.add(db);
			}
		}
		else if (node instanceof SequenceNode sequence && !sequence.getValue().isEmpty()) {
			for (Node item : sequence.getValue()) {
				int db = database(item, yaml.text(item, "databases"));
				if (databases.contains(db)) {
					throw yaml.error(item, "databases", "database " + db + " is given twice");
				}
				databases.add(db);
			}
		}
		else {
			throw yaml.error(node, "databases", "write a list such as [0, 1] or a range such as 0-3");
		}
		return List.copyOf(databases);
	}

	private int database(Node node, String text) {
		try {
			int db = Integer.parseInt(text.trim());
			if (db >= 0 && db <= MAX_DATABASE) {
				return db;
			}
		}
		catch (NumberFormatException e) {
			// reported below
		}
		throw yaml.error(node, "databases", "'" + text + "' is not a database number");
	}

	/**
	 * {@code namespace: myapp} gives {@code myapp:}; without it, a literal prefix of the
	 * match that ends with ':' before {@code b-} is taken as the namespace
	 * ({@code myapp:b-*} gives {@code myapp:}).
	 */
	private String namespace(Map<String, Node> fields, String match) {
		String given = yaml.optionalText(fields, "namespace", "namespace", null);
		if (given != null) {
			if (given.isBlank() || given.chars().anyMatch(c -> c == '*' || c == '?' || c == '[')) {
				throw yaml.error(fields.get("namespace"), "namespace", "'" + given + "' must be a literal prefix");
			}
			return given.endsWith(":") ? given : given + ":";
		}
		int batch = match.lastIndexOf(":b-");
		String prefix = batch < 0 ? "" : match.substring(0, batch + 1);
		return prefix.chars().anyMatch(c -> c == '*' || c == '?' || c == '[') ? "" : prefix;
	}

	/**
	 * {@code alert: { <class>-over: N, <class>-growth-over: N }}, for the classes the
	 * sweep can find.
	 */
	private AlertThresholds alerts(Map<String, Node> fields, Set<String> classes) {
		Node node = fields.get("alert");
		if (node == null) {
			return AlertThresholds.NONE;
		}
		Map<String, Long> over = new HashMap<>();
		Map<String, Long> growthOver = new HashMap<>();
		for (Map.Entry<String, Node> entry : yaml.fields(node, "alert", null).entrySet()) {
			String field = entry.getKey();
			String path = "alert." + field;
			boolean growth = field.endsWith(AlertThresholds.GROWTH_OVER_SUFFIX);
			String keyClass = growth ? field.substring(0, field.length() - AlertThresholds.GROWTH_OVER_SUFFIX.length())
					: field.endsWith(AlertThresholds.OVER_SUFFIX)
							? field.substring(0, field.length() - AlertThresholds.OVER_SUFFIX.length()) : null;
			if (keyClass == null || !classes.contains(keyClass)) {
				throw yaml.error(entry.getValue(), path, "not a threshold: write <class>-over or <class>-growth-over "
						+ "for a class of " + String.join(", ", new TreeSet<>(classes)));
			}
			String text = yaml.text(entry.getValue(), path);
			try {
				long limit = Long.parseLong(text);
				if (limit >= 0) {
					(growth ? growthOver : over).put(keyClass, limit);
					continue;
				}
			}
			catch (NumberFormatException e) {
				// reported below
			}
			throw yaml.error(entry.getValue(), path, "'" + text + "' is not a whole number from 0 up");
		}
		return new AlertThresholds(over, growthOver);
	}

	/** A glob of nothing but wildcards matches every key. */
	static boolean isBroad(String match) {
		return match.chars().allMatch(c -> c == '*' || c == '?') && match.indexOf('*') >= 0;
	}

	private static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

}
