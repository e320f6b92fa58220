package io.keysweep.definition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.keysweep.classify.Classifier;
import io.keysweep.classify.Classifiers;
import io.keysweep.classify.Jitter;
import io.keysweep.classify.Rule;

/**
 * One sweep, as a file in the jobs directory defines it: a few parts shaped like the
 * YAML, so that a change to one part (a {@code --rate} for the pacing) leaves the others
 * as they are.
 *
 * @param name the file name without {@code .yml}; also the Spring Batch job name
 * @param scan which keys the sweep reads
 * @param expiring which of them get an expiry, and how long
 * @param pacing how fast the sweep may go
 * @param alerts thresholds that make a completed run exit with 3
 * @param schedule when {@code keysweep schedule} runs the job, or null when it does not
 * @param resumeFirst whether an unattended run ({@code run --all}, the daemon) continues
 * the job's unfinished execution; when false it abandons it and starts over
 * @param checksum SHA-256 of the file, to tell whether it changed between a run and its
 * resume
 * @param notification where to post a message when a run alerts or fails, or null
 * @param audit what an audit ({@code kind: audit}) measures and reports; null for a sweep
 */
public record JobDefinition(String name, String description, boolean enabled, Scan scan, Expiring expiring,
		Pacing pacing, AlertThresholds alerts, Schedule schedule, boolean resumeFirst, String checksum,
		Notify notification, Audit audit) {

	/**
	 * What an audit measures beside the counts, and what it reports: the fields of a
	 * definition of {@code kind: audit}, named as the {@code audit} command's options.
	 *
	 * @param sample keys measured with MEMORY USAGE per execution at the most
	 * @param idle whether to ask each key's OBJECT IDLETIME
	 * @param patterns patterns the census keeps a row for; the rest count under (other)
	 * @param growthOver keys without a TTL a pattern may gain between two audits before
	 * it is a suspected leak
	 * @param shareOver percent of the audited memory a pattern's keys without a TTL may
	 * hold before it is a suspected leak
	 * @param alert whether an audit that suspects a leak exits with 3
	 * @param top patterns shown in the text output
	 */
	public record Audit(int sample, boolean idle, int patterns, long growthOver, int shareOver, boolean alert,
			int top) {

		public static final Audit DEFAULTS = new Audit(10_000, false, 1_000, 1_000, 20, false, 20);

		/** Keys per SCAN page: a page's lookups are one pipeline. */
		public static final int SCAN_COUNT = 1_000;

		/**
		 * Keys per chunk: the census (up to a thousand rows) is committed with each, so
		 * fewer, larger chunks than a sweep's.
		 */
		public static final int CHUNK_SIZE = 10_000;

		/** The largest pattern table an audit may keep. */
		public static final int MAX_PATTERNS = 100_000;

	}

	/** An audit counts keys and writes nothing; every other definition is a sweep. */
	public boolean isAudit() {
		return audit != null;
	}

	/**
	 * What to scan.
	 *
	 * @param match the SCAN MATCH glob
	 * @param type the SCAN TYPE filter, or null
	 * @param databases the databases to sweep, each in its own step; empty for the URL's
	 * database
	 * @param namespace what every key of the application starts with (redis-namespace),
	 * {@code myapp:}, or empty
	 * @param deadSet the name (without namespace) of Sidekiq Pro's dead-batch set to
	 * prune, or null
	 * @param limit keys per run at the most; 0 for no limit
	 */
	public record Scan(String match, String type, int scanCount, int chunkSize, List<Integer> databases,
			String namespace, String deadSet, long limit, boolean allowBroadMatch) {

		/** What an audit reads: every key of the match, in its large pages and chunks. */
		public static Scan audit(String match) {
			return new Scan(match, null, Audit.SCAN_COUNT, Audit.CHUNK_SIZE, List.of(), "", null, 0, true);
		}

	}

	/**
	 * How to expire: a built-in classifier with a TTL per class, or rules that each say
	 * their own.
	 *
	 * @param classifier the built-in classifier's name, or null when the definition has
	 * rules
	 * @param ttlSeconds the built-in classifier's TTL for each class it expires
	 * @param rules the definition's rules, or empty when it names a built-in classifier
	 * @param jitterPercent how far expiries are spread, in percent of each TTL
	 */
	public record Expiring(String classifier, Map<String, Long> ttlSeconds, List<Rule> rules, int jitterPercent) {

		/** An audit's: it expires nothing. */
		public static final Expiring NONE = new Expiring(null, Map.of(), List.of(), 0);

		public Classifier newClassifier() {
			return classifier == null ? Classifiers.rules(rules) : Classifiers.create(classifier, ttlSeconds);
		}

		public Jitter jitter() {
			return jitterPercent == 0 ? Jitter.NONE : new Jitter(jitterPercent);
		}
	}

	/**
	 * How fast the sweep may go; a resume may change it, as it changes nothing of what
	 * the sweep does.
	 *
	 * @param rate keys read per second at the most; 0 for no limit
	 * @param maxLatency the round trip to Redis over which the sweep waits and backs off;
	 * zero to never wait
	 * @param maxCommandTime how long one SCAN may hold Redis: its COUNT is sized to it
	 */
	public record Pacing(long rate, Duration maxLatency, Duration maxCommandTime) {

		/**
		 * From the benchmark of another client's latency during a sweep
		 * (src/docs/performance.md): the budget the target asks for.
		 */
		public static final Duration DEFAULT_MAX_COMMAND_TIME = Duration.ofMillis(1);

	}

	/** The same definition held to another rate, as {@code --rate} asks. */
	public JobDefinition withRate(long keysPerSecond) {
		return new JobDefinition(name, description, enabled, scan, expiring,
				new Pacing(keysPerSecond, pacing.maxLatency(), pacing.maxCommandTime()), alerts, schedule, resumeFirst,
				checksum, notification, audit);
	}

	/**
	 * Every setting that decides what the sweep does, by field name, as text: what a run
	 * records in its job parameters, so that a resume can say which ones changed. The
	 * description is not one of them, nor is the pacing: it changes how fast a sweep
	 * goes, not what it does, so a resume may take another.
	 */
	public Map<String, String> settings() {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("match", scan.match());
		settings.put("type", scan.type() == null ? "any" : scan.type());
		settings.put("scan-count", Integer.toString(scan.scanCount()));
		settings.put("chunk-size", Integer.toString(scan.chunkSize()));
		settings.put("limit", Long.toString(scan.limit()));
		settings.put("classifier", expiring.classifier() == null ? "rules" : expiring.classifier());
		settings.put("allow-broad-match", Boolean.toString(scan.allowBroadMatch()));
		new TreeMap<>(expiring.ttlSeconds())
			.forEach((keyClass, seconds) -> settings.put("ttl." + keyClass, seconds + "s"));
		List<Rule> rules = expiring.rules();
		for (int i = 0; i < rules.size(); i++) {
			settings.put("rules[" + (i + 1) + "]", rules.get(i).describe());
		}
		settings.put("jitter", expiring.jitterPercent() + "%");
		settings.put("databases", scan.databases().isEmpty() ? "the URL's" : scan.databases().toString());
		settings.put("namespace", scan.namespace());
		settings.put("dead-set", scan.deadSet() == null ? "none" : scan.deadSet());
		if (audit != null) {
			// what the census counts; the thresholds and the output only judge it
			settings.put("kind", "audit");
			settings.put("sample", Integer.toString(audit.sample()));
			settings.put("idle", Boolean.toString(audit.idle()));
			settings.put("patterns", Integer.toString(audit.patterns()));
		}
		return settings;
	}

	/**
	 * The settings that differ from those recorded earlier, each as
	 * {@code field: then -> now}.
	 */
	public List<String> changesSince(Map<String, String> recorded) {
		Map<String, String> now = settings();
		List<String> fields = new ArrayList<>(now.keySet());
		recorded.keySet().stream().filter(field -> !now.containsKey(field)).forEach(fields::add);
		List<String> changes = new ArrayList<>();
		for (String field : fields) {
			String then = recorded.get(field);
			if (!Objects.equals(then, now.get(field))) {
				changes.add(field + ": " + orNone(then) + " -> " + orNone(now.get(field)));
			}
		}
		return changes;
	}

	private static String orNone(String value) {
		return value == null ? "(none)" : value;
	}
}
