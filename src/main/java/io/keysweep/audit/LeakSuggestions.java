package io.keysweep.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes, for each suspected leak, a job definition that would fix it: a rule for the
 * pattern's keys without a TTL, with an {@code expire:} the operator must confirm,
 * disabled, the evidence in a comment. {@code keysweep run <job> --dry-run} accepts it as
 * it is.
 */
public final class LeakSuggestions {

	/** The TTL suggested: Sidekiq Pro's own for batch data, a month. */
	static final String SUGGESTED_TTL = "30d";

	private LeakSuggestions() {
	}

	/**
	 * @return the files written
	 */
	public static List<Path> write(AuditResult result, Path directory) throws IOException {
		Files.createDirectories(directory);
		List<Path> written = new ArrayList<>();
		for (var suspect : result.suspects().entrySet()) {
			PatternChange change = result.change(suspect.getKey());
			if (isBroad(change.pattern())) {
				// a glob of nothing but wildcards would sweep every key
				continue;
			}
			Path file = directory.resolve(fileName(change.pattern()));
			Files.writeString(file, definition(result, change, suspect.getValue()), StandardCharsets.UTF_8);
			written.add(file);
		}
		return written;
	}

	private static String definition(AuditResult result, PatternChange change, String why) {
		return String.format(Locale.ROOT,
				"""
						# Suggested by keysweep audit (execution %d) for the keys named like %s:
						#   %d keys, %d of them without a TTL, about %s without a TTL
						#   suspected because %s
						# Confirm the TTL below (a key without a TTL that is still needed must outlive it), then set enabled: true.
						description: "Keys of %s without a TTL get one (suggested by an audit)"
						enabled: false
						match: %s
						rules:
						  - class: no-ttl
						    when: { ttl: none }
						    expire: %s
						  - class: other
						    keep: true
						""",
				result.executionId(), change.pattern(), change.row().keys(), change.row().withoutTtl(),
				AuditText.bytes(change.bytesWithoutTtl()), why,
				change.pattern().replace("\\", "\\\\").replace("\"", "\\\""), quoted(glob(change.pattern())),
				SUGGESTED_TTL);
	}

	/**
	 * The pattern as a SCAN MATCH glob: its {@code *} stay wildcards, glob characters of
	 * the name are escaped.
	 */
	static String glob(String pattern) {
		StringBuilder glob = new StringBuilder(pattern.length());
		for (char c : pattern.toCharArray()) {
			if (c == '?' || c == '[' || c == ']' || c == '\\') {
				glob.append('\\');
			}
			glob.append(c);
		}
		return glob.toString();
	}

	private static String quoted(String text) {
		return "'" + text.replace("'", "''") + "'";
	}

	private static boolean isBroad(String pattern) {
		return pattern.chars().allMatch(c -> c == '*' || c == ':' || c == '-' || c == '_');
	}

	/** A file name of the pattern's letters and digits, e.g. {@code b-notify.yml}. */
	static String fileName(String pattern) {
		String name = pattern.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-+|-+$", "").toLowerCase(Locale.ROOT);
		return "audit-" + (name.isEmpty() ? "keys" : name) + ".yml";
	}

}
