package io.keysweep.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;

import io.keysweep.testing.Definitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobDefinitionsTest {

	@TempDir
	Path jobs;

	@Test
	void theFlagshipDefinitionGivesEveryClassThirtyDays() {
		JobDefinition flagship = Definitions.shipped("sidekiq-batch-notify");
		assertThat(flagship.scan().match()).isEqualTo("b-*-notify");
		assertThat(flagship.expiring().classifier()).isEqualTo("sidekiq-batch-notify");
		assertThat(flagship.expiring().ttlSeconds()).containsEntry("leaked", 2_592_000L)
			.containsEntry("deleted", 2_592_000L)
			.containsEntry("live", 2_592_000L);
		assertThat(flagship.scan().allowBroadMatch()).isFalse();
		assertThat(flagship.checksum()).hasSize(64);
	}

	@Test
	void theShippedExamplesAreValidAndDisabled() {
		JobDefinitions examples = new JobDefinitions(Definitions.SHIPPED.resolve("examples"));
		assertThat(examples.names()).containsExactly("cache-keys", "locks", "nightly-audit", "sessions");
		for (String name : examples.names()) {
			JobDefinition example = examples.load(name);
			assertThat(example.enabled()).as(name).isFalse();
			assertThat(example.isAudit() || !example.expiring().rules().isEmpty()).as(name).isTrue();
		}
		JobDefinition audit = examples.load("nightly-audit");
		assertThat(audit.audit()).isEqualTo(new JobDefinition.Audit(10_000, false, 1_000, 1_000, 20, true, 20));
		assertThat(audit.scan().match()).isEqualTo("*");
		assertThat(audit.schedule()).isNotNull();
		assertThat(audit.pacing().rate()).isEqualTo(20_000);
		assertThat(Definitions.shipped("sidekiq-batch-keys").scan().deadSet()).isEqualTo("batch-died");
	}

	@Test
	void readsEveryField() {
		Definitions.write(jobs, "full", """
				description: all of it
				match: "app:b-*-notify"
				type: string
				scan-count: 500
				chunk-size: 200
				limit: 10000
				classifier: sidekiq-batch-notify
				allow-broad-match: false
				ttl: { leaked: 12h, deleted: 15m, live: 3600s }
				""");
		JobDefinition d = new JobDefinitions(jobs).load("full");
		assertThat(d.name()).isEqualTo("full");
		assertThat(d.description()).isEqualTo("all of it");
		assertThat(d.scan().type()).isEqualTo("string");
		assertThat(d.scan().scanCount()).isEqualTo(500);
		assertThat(d.scan().chunkSize()).isEqualTo(200);
		assertThat(d.scan().limit()).isEqualTo(10_000);
		assertThat(d.expiring().ttlSeconds()).containsEntry("leaked", 43_200L)
			.containsEntry("deleted", 900L)
			.containsEntry("live", 3_600L);
	}

	@ParameterizedTest
	@ValueSource(strings = { "*", "**", "?*", "*?*" })
	void refusesAPatternThatSweepsEverything(String match) {
		Definitions.write(jobs, "broad", Definitions.notifyYaml(match, 100, 100));
		assertThatThrownBy(() -> new JobDefinitions(jobs).load("broad")).isInstanceOf(InvalidDefinitionException.class)
			.hasMessage(jobs.resolve("broad.yml") + ":1: field 'match': '" + match
					+ "' would sweep every key; narrow it, or set allow-broad-match: true");
	}

	@Test
	void acceptsABroadPatternWhenTheFileSaysSo() {
		Definitions.write(jobs, "broad", Definitions.notifyYaml("*", 100, 100) + "allow-broad-match: true\n");
		assertThat(new JobDefinitions(jobs).load("broad").scan().allowBroadMatch()).isTrue();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "leaked: -1d|:6: field 'ttl.leaked': '-1d' must be longer than zero",
					"leaked: 0s|:6: field 'ttl.leaked': '0s' must be longer than zero",
					"leaked: 30x|:6: field 'ttl.leaked': '30x' is not a duration (write e.g. 30d, 12h, 15m or 3600s)",
					"leaked: 99999999999999999d|:6: field 'ttl.leaked': '99999999999999999d' is too large", })
	void refusesABadTtl(String line, String message) {
		Definitions.write(jobs, "bad", Definitions.notifyYaml("b-*-notify", 100, 100).replace("leaked: 30d", line));
		assertThatThrownBy(() -> new JobDefinitions(jobs).load("bad")).hasMessage(jobs.resolve("bad.yml") + message);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "leaked: 106751991167d||:6: field 'ttl.leaked': '106751991167d' would expire",
			"leaked: 9223372036854775807s||:6: field 'ttl.leaked': '9223372036854775807s' would expire",
			"leaked: 4000000d||:6: field 'ttl.leaked': '4000000d' would expire",
			"leaked: 2000000d|jitter: 100%|:6: field 'ttl.leaked': '2000000d' with up to 100% jitter would expire",
			"live: 2900000d|jitter: 1%|:8: field 'ttl.live': '2900000d' with up to 1% jitter would expire", })
	void refusesATtlBeyondWhatRedisAcceptsJitterIncluded(String line, String jitter, String message) {
		Definitions.write(jobs, "far",
				Definitions.notifyYaml("b-*-notify", 100, 100)
					.replace(line.substring(0, line.indexOf(':')) + ": 30d", line)
						+ (jitter == null ? "" : jitter + "\n"));
		assertThatThrownBy(() -> new JobDefinitions(jobs).load("far")).isInstanceOf(InvalidDefinitionException.class)
			.hasMessageStartingWith(jobs.resolve("far.yml") + message)
			.hasMessageContaining("after 9999-12-31T23:59:59Z, beyond what Redis accepts (at most ")
			.hasMessageNotContaining("\n");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"0%|expire: 106751991167d|:5: field 'rules[1].expire': '106751991167d' would expire",
			"0%|clamp: 4000000d|:5: field 'rules[1].clamp': '4000000d' would expire",
			"100%|expire: 2000000d|:5: field 'rules[1].expire': '2000000d' with up to 100% jitter would expire", })
	void refusesARuleTtlBeyondWhatRedisAccepts(String jitter, String action, String message) {
		Definitions.write(jobs, "far",
				"match: \"x:*\"\njitter: " + jitter + "\nrules:\n  - class: a\n    " + action + "\n");
		assertThatThrownBy(() -> new JobDefinitions(jobs).load("far")).isInstanceOf(InvalidDefinitionException.class)
			.hasMessageStartingWith(jobs.resolve("far.yml") + message);
	}

	@Test
	void acceptsTheLongestTtlsThatStayWithinWhatRedisAccepts() {
		Definitions.write(jobs, "long",
				Definitions.notifyYaml("b-*-notify", 100, 100).replace("leaked: 30d", "leaked: 2000000d")
						+ "jitter: 10%\n");
		assertThat(new JobDefinitions(jobs).load("long").expiring().ttlSeconds()).containsEntry("leaked",
				2_000_000L * 86_400);
		// jitter only ever shortens a clamped TTL
		Definitions.write(jobs, "clamped", "match: \"x:*\"\njitter: 100%\nrules:\n  - class: a\n    clamp: 2000000d\n");
		assertThat(new JobDefinitions(jobs).load("clamped").expiring().rules().get(0).action().seconds())
			.isEqualTo(2_000_000L * 86_400);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"match: \"b-*-notify\"\\nscan-count: 10\\nclassifier: sidekiq-batch-notify\\nttl: {leaked: 1d, deleted: 1d, live: 1d}\\nexpire-all: true|:5: field 'expire-all': unknown field",
			"scan-count: 10\\nclassifier: sidekiq-batch-notify\\nttl: {leaked: 1d, deleted: 1d, live: 1d}|: field 'match': missing",
			"match: \"b-*-notify\"\\nclassifier: sidekiq-batch-notify\\nttl: {leaked: 1d, deleted: 1d}|:3: field 'ttl': no TTL for live",
			"match: \"b-*-notify\"\\nclassifier: sidekiq-batch-notify\\nttl: {leaked: 1d, deleted: 1d, live: 1d, has-ttl: 1d}|:3: field 'ttl.has-ttl': the classifier has no class 'has-ttl'",
			"match: \"b-*-notify\"\\nclassifier: sidekiq-batch-notify|: field 'ttl': missing",
			"match: \"b-*-notify\"\\nclassifier: resque\\nttl: {leaked: 1d}|:2: field 'classifier': unknown classifier 'resque'",
			"match: \"b-*-notify\"\\nchunk-size: 0\\nclassifier: sidekiq-batch-notify\\nttl: {leaked: 1d, deleted: 1d, live: 1d}|:2: field 'chunk-size': '0' is not a whole number",
			"match: \"b-*-notify\"\\nmatch: \"x\"|:2: field 'match': given twice",
			"match: [\"b-*-notify\"]|:1: field 'match': must be a single value",
			"match: \"b-*-notify\"\\n  oops: [|: not valid YAML", "just a string|: must be a YAML mapping", })
	void namesTheFileTheLineAndTheFieldOfEveryMistake(String yaml, String message) {
		Definitions.write(jobs, "bad", yaml.replace("\\n", "\n"));
		assertThatThrownBy(() -> new JobDefinitions(jobs).load("bad")).isInstanceOf(InvalidDefinitionException.class)
			.hasMessageStartingWith(jobs.resolve("bad.yml").toString())
			.hasMessageContaining(message);
	}

	@Test
	void readsRateAndMaxLatency() {
		Definitions.write(jobs, "gentle", Definitions.notifyYaml("b-*-notify", 100, 100)
				+ "rate: 5000\nmax-latency: 20ms\nmax-command-time: 500us\n");
		JobDefinition gentle = new JobDefinitions(jobs).load("gentle");
		assertThat(gentle.pacing().rate()).isEqualTo(5_000);
		assertThat(gentle.pacing().maxLatency()).isEqualTo(java.time.Duration.ofMillis(20));
		assertThat(gentle.pacing().maxCommandTime()).isEqualTo(java.time.Duration.ofNanos(500_000));
		assertThat(gentle.withRate(100).pacing().rate()).isEqualTo(100);
		assertThat(gentle.withRate(100).pacing().maxCommandTime()).isEqualTo(java.time.Duration.ofNanos(500_000));
		// how fast is not what: a resume may go at another pace without --force
		assertThat(gentle.settings()).doesNotContainKeys("rate", "max-latency", "max-command-time");
	}

	@Test
	void withoutRateOrMaxLatencyASweepGoesFlatOutInOneMillisecondScans() {
		Definitions.write(jobs, "plain", Definitions.notifyYaml("b-*-notify", 100, 100));
		JobDefinition plain = new JobDefinitions(jobs).load("plain");
		assertThat(plain.pacing().rate()).isZero();
		assertThat(plain.pacing().maxLatency()).isZero();
		assertThat(plain.pacing().maxCommandTime()).isEqualTo(java.time.Duration.ofMillis(1));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "rate: -5|field 'rate': '-5' is not a whole number from 1",
			"rate: 0|field 'rate': '0' is not a whole number from 1",
			"rate: fast|field 'rate': 'fast' is not a whole number from 1",
			"max-latency: 0ms|field 'max-latency': '0ms' is not a time above zero in ms or s (write e.g. 20ms)",
			"max-latency: -20ms|field 'max-latency': '-20ms' is not a time above zero",
			"max-latency: 20|field 'max-latency': '20' is not a time above zero",
			"max-command-time: 0us|field 'max-command-time': '0us' is not a time above zero in us or ms (write e.g. 1ms or 500us)",
			"max-command-time: 1s|field 'max-command-time': '1s' is not a time above zero in us or ms", })
	void refusesABadRateOrMaxLatencyWithItsLine(String line, String message) {
		Definitions.write(jobs, "bad", Definitions.notifyYaml("b-*-notify", 100, 100) + line + "\n");
		long lineNumber = Definitions.notifyYaml("b-*-notify", 100, 100).lines().count() + 1;
		assertThatThrownBy(() -> new JobDefinitions(jobs).load("bad")).isInstanceOf(InvalidDefinitionException.class)
			.hasMessageStartingWith(jobs.resolve("bad.yml") + ":" + lineNumber + ": " + message);
	}

	@Test
	void readsRulesInOrder() {
		Definitions.write(jobs, "sessions", """
				match: "session:*"
				jitter: 10%
				databases: 0-2
				enabled: false
				rules:
				  - class: no-ttl-session
				    when: { ttl: none, type: string, idle-over: 7d }
				    expire: 14d
				  - class: long-lock
				    when: { ttl: over 1d, key: "lock:(?<id>[0-9]+)", companion-missing: "job:${id}" }
				    clamp: 1h
				  - class: other
				    keep: true
				""");
		JobDefinition d = new JobDefinitions(jobs).load("sessions");
		assertThat(d.expiring().classifier()).isNull();
		assertThat(d.enabled()).isFalse();
		assertThat(d.expiring().jitterPercent()).isEqualTo(10);
		assertThat(d.scan().databases()).containsExactly(0, 1, 2);
		assertThat(d.expiring().rules()).extracting(io.keysweep.classify.Rule::keyClass)
			.containsExactly("no-ttl-session", "long-lock", "other");
		assertThat(d.expiring().rules().get(0).when().idleOverSeconds()).isEqualTo(7 * 86_400L);
		assertThat(d.expiring().rules().get(1).action().kind()).isEqualTo(io.keysweep.classify.Rule.Action.Kind.CLAMP);
		assertThat(d.expiring().rules().get(2).when().isCatchAll()).isTrue();
		assertThat(d.expiring().newClassifier().needsIdleTime()).isTrue();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
			"  - class: a\\n    when: { ttl: none, colour: red }\\n    keep: true|:4: field 'rules[1].when.colour': unknown field",
			"  - class: a\\n    keep: true\\n  - class: b\\n    expire: 1d|:5: field 'rules[2]': can never match: rule 1 before it has no conditions",
			"  - class: a\\n    when: { key: \"lock:(?<id>[0-9+\" }\\n    keep: true|:4: field 'rules[1].when.key': not a valid RE2 regular expression",
			"  - class: a\\n    when: { key: \"(?<=lock:)[0-9]+\" }\\n    keep: true|:4: field 'rules[1].when.key': not a valid RE2 regular expression (RE2 has no backreferences or lookaround)",
			"  - class: a\\n    when: { key: \"(a)\\\\1\" }\\n    keep: true|:4: field 'rules[1].when.key': not a valid RE2 regular expression",
			"  - class: a\\n    when: { key: \"(a)(?!b)\" }\\n    keep: true|:4: field 'rules[1].when.key': not a valid RE2 regular expression",
			"  - class: a\\n    when: { key: \"lock:(?<id>[0-9]+)\", companion-missing: \"job:${job}\" }\\n    keep: true|:4: field 'rules[1].when.companion-missing': '${job}' is not a named group",
			"  - class: a\\n    when: { type: hash }|:3: field 'rules[1]': give exactly one of expire, clamp or keep (found none)",
			"  - class: a\\n    expire: 1d\\n    keep: true|:3: field 'rules[1]': give exactly one of expire, clamp or keep (found expire, keep)",
			"  - class: vanished\\n    keep: true|:3: field 'rules[1].class': 'vanished' is reserved",
			"  - class: a\\n    when: { ttl: sometimes }\\n    keep: true|:4: field 'rules[1].when.ttl': 'sometimes' is not none, over <duration> or under <duration>",
			"  - class: a\\n    when: { ttl: over -1d }\\n    keep: true|:4: field 'rules[1].when.ttl': '-1d' must be longer than zero",
			"  - class: a\\n    expire: 0d|:4: field 'rules[1].expire': '0d' must be longer than zero",
			"  - class: a\\n    when: { companion-exists: x, companion-missing: y }\\n    keep: true|:4: field 'rules[1].when': give companion-missing or companion-exists, not both",
			"  - when: { type: hash }\\n    keep: true|:3: field 'rules[1].class': missing", })
	void namesTheRuleAndTheFieldOfEveryMistakeInRules(String rules, String message) {
		Definitions.write(jobs, "bad", "match: \"x:*\"\nrules:\n" + rules.replace("\\n", "\n") + "\n");
		assertThatThrownBy(() -> new JobDefinitions(jobs).load("bad")).isInstanceOf(InvalidDefinitionException.class)
			.hasMessageStartingWith(jobs.resolve("bad.yml").toString())
			.hasMessageContaining(message);
	}

	@ParameterizedTest
	@ValueSource(strings = { "lock:(?<id>[0-9]+)", "lock:(?P<id>[0-9]+)" })
	void acceptsBothWaysOfNamingTheGroupsACompanionUses(String key) {
		Definitions.write(jobs, "locks", """
				match: "lock:*"
				rules:
				  - class: orphan
				    when: { key: "%s", companion-missing: "job:${id}" }
				    expire: 1h
				""".formatted(key));
		io.keysweep.classify.Classifier rules = new JobDefinitions(jobs).load("locks").expiring().newClassifier();
		assertThat(rules.companionsOf("lock:42".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
			.extracting(c -> new String(c.key(), java.nio.charset.StandardCharsets.US_ASCII))
			.containsExactly("job:42");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "jitter: 10|field 'jitter': '10' is not a percentage",
					"jitter: 150%|field 'jitter': '150%' is not a percentage",
					"databases: 3-1|field 'databases': the range 3-1 is empty",
					"databases: [0, 0]|field 'databases': database 0 is given twice",
					"databases: [x]|field 'databases': 'x' is not a database number",
					"databases: []|field 'databases': write a list",
					"enabled: maybe|field 'enabled': 'maybe' is not true or false", })
	void refusesBadJobWideSettings(String line, String message) {
		Definitions.write(jobs, "bad", Definitions.notifyYaml("b-*-notify", 100, 100) + line + "\n");
		assertThatThrownBy(() -> new JobDefinitions(jobs).load("bad")).hasMessageContaining(message);
	}

	@Test
	void rulesAndABuiltInClassifierDoNotMix() {
		Definitions.write(jobs, "both",
				Definitions.notifyYaml("b-*-notify", 100, 100) + "rules:\n  - class: a\n    keep: true\n");
		assertThatThrownBy(() -> new JobDefinitions(jobs).load("both"))
			.hasMessageContaining("give rules or a classifier, not both");
		Definitions.write(jobs, "neither", "match: \"x:*\"\n");
		assertThatThrownBy(() -> new JobDefinitions(jobs).load("neither"))
			.hasMessageContaining("field 'classifier': missing");
		Definitions.write(jobs, "empty", "match: \"x:*\"\nrules: []\n");
		assertThatThrownBy(() -> new JobDefinitions(jobs).load("empty"))
			.hasMessageContaining("field 'rules': must be a list of rules");
	}

	@Test
	void namesTheKnownJobsWhenAJobIsUnknown() {
		Definitions.write(jobs, "nightly", Definitions.notifyYaml("b-*-notify", 100, 100));
		assertThatThrownBy(() -> new JobDefinitions(jobs).load("nighty"))
			.hasMessage("unknown job 'nighty': no " + jobs.resolve("nighty.yml") + " (jobs there: nightly)");
		assertThatThrownBy(() -> new JobDefinitions(jobs).load("../etc/passwd"))
			.hasMessageStartingWith("unknown job '../etc/passwd'");
	}

	@Test
	void theChecksumChangesWithTheFile() {
		Definitions.write(jobs, "a", Definitions.notifyYaml("b-*-notify", 100, 100));
		String before = new JobDefinitions(jobs).load("a").checksum();
		Definitions.write(jobs, "a", Definitions.notifyYaml("b-*-notify", 100, 200));
		assertThat(new JobDefinitions(jobs).load("a").checksum()).isNotEqualTo(before);
	}

	@Test
	void readsTheScheduleItsZoneWhatToDoAboutAMissedWindowAndWhetherToResume() {
		Definitions.write(jobs, "nightly", Definitions.notifyYaml("b-*-notify", 100, 100) + """
				schedule: "0 0 3 * * *"
				time-zone: Europe/Berlin
				missed: skip
				resume: never
				""");
		JobDefinition nightly = new JobDefinitions(jobs).load("nightly");
		assertThat(nightly.schedule().describe()).isEqualTo("0 0 3 * * * Europe/Berlin");
		assertThat(nightly.schedule().missed()).isEqualTo(Schedule.Missed.SKIP);
		// 03:00 in Berlin is 02:00 UTC in winter and 01:00 UTC in summer
		assertThat(nightly.schedule().next(Instant.parse("2026-01-10T12:00:00Z"))).isEqualTo("2026-01-11T02:00:00Z");
		assertThat(nightly.schedule().next(Instant.parse("2026-07-10T12:00:00Z"))).isEqualTo("2026-07-11T01:00:00Z");
		assertThat(nightly.resumeFirst()).isFalse();

		Definitions.write(jobs, "plain", Definitions.notifyYaml("b-*-notify", 100, 100));
		JobDefinition plain = new JobDefinitions(jobs).load("plain");
		assertThat(plain.schedule()).isNull();
		assertThat(plain.resumeFirst()).isTrue();
		Definitions.write(jobs, "defaults",
				Definitions.notifyYaml("b-*-notify", 100, 100) + "schedule: \"0 0 3 * * *\"\n");
		Schedule defaults = new JobDefinitions(jobs).load("defaults").schedule();
		assertThat(defaults.missed()).isEqualTo(Schedule.Missed.RUN_ONCE);
		assertThat(defaults.zone()).isEqualTo(ZoneId.systemDefault());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"schedule: \"0 3 * * *\"|:9: field 'schedule': '0 3 * * *' is not a cron expression (six fields",
			"schedule: \"0 0 25 * * *\"|:9: field 'schedule': '0 0 25 * * *' is not a cron expression",
			"schedule: \"0 0 3 * * *\"\\ntime-zone: Mars/Olympus|:10: field 'time-zone': 'Mars/Olympus' is not a time zone",
			"schedule: \"0 0 3 * * *\"\\nmissed: catch-up|:10: field 'missed': 'catch-up' is not run-once or skip",
			"time-zone: UTC|:9: field 'time-zone': goes with a schedule",
			"missed: skip|:9: field 'missed': goes with a schedule",
			"resume: always|:9: field 'resume': 'always' is not first or never", })
	void refusesABadScheduleOrResumeWithTheFileTheLineAndTheField(String lines, String message) {
		Definitions.write(jobs, "bad",
				Definitions.notifyYaml("b-*-notify", 100, 100) + lines.replace("\\n", "\n") + "\n");
		assertThatThrownBy(() -> new JobDefinitions(jobs).load("bad")).isInstanceOf(InvalidDefinitionException.class)
			.hasMessageStartingWith(jobs.resolve("bad.yml") + message);
	}

}
