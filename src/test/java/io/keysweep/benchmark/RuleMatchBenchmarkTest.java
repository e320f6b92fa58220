package io.keysweep.benchmark;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import io.keysweep.classify.Rule;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.testing.Definitions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a rule's key match costs per key with RE2/J, which keysweep uses, against
 * java.util.regex, which it used before: the key patterns of the shipped example rules on
 * keys that match and keys that do not, then a pattern that makes a backtracking engine
 * take exponential time, on keys a few bytes longer each time. Prints medians in
 * nanoseconds a key.
 *
 * <p>
 * {@code ./mvnw -B -o test -Pbenchmark -Dtest=RuleMatchBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class RuleMatchBenchmarkTest {

	private static final int ROUNDS = 5;

	private static final List<String> KEYS = List.of("lock:4711:owner", "lock:12345678901234567890:owner",
			"lock:4711:holder", "session:3f1c9a2e-77d0-4b7e-9a55-0c4c2f1e9b21", "lock:" + "9".repeat(200) + ":owner");

	@Test
	void re2jAgainstJavaUtilRegexPerKey() {
		List<String> patterns = shippedKeyPatterns();
		BenchmarkTable table = new BenchmarkTable();
		for (int round = 0; round < ROUNDS; round++) {
			for (String pattern : patterns) {
				java.util.regex.Pattern backtracking = java.util.regex.Pattern.compile(pattern,
						java.util.regex.Pattern.DOTALL);
				com.google.re2j.Pattern linear = com.google.re2j.Pattern.compile(pattern,
						com.google.re2j.Pattern.DOTALL);
				for (String key : KEYS) {
					String row = "`" + pattern + "` on a " + key.length() + "-byte key"
							+ (linear.matches(key) ? " (match)" : "");
					table.add(row + ", java.util.regex, ns",
							nanosPerMatch(k -> backtracking.matcher(k).matches(), key, 200_000));
					table.add(row + ", RE2/J, ns", nanosPerMatch(k -> linear.matcher(k).matches(), key, 200_000));
				}
			}
			String hostile = "bt:((a+)+)+c";
			for (int length : new int[] { 12, 16, 20 }) {
				String key = "bt:" + "a".repeat(length) + "!";
				String row = "`" + hostile + "` compiled and matched on bt: + " + length + " a + !";
				table.add(row + ", java.util.regex, ns", nanosPerMatch(
						k -> java.util.regex.Pattern.compile(hostile).matcher(k).matches(), key, length > 16 ? 1 : 20));
				table.add(row + ", RE2/J, ns",
						nanosPerMatch(k -> com.google.re2j.Pattern.compile(hostile).matcher(k).matches(), key, 20));
			}
		}
		table.print("Rule key match per key, medians of " + ROUNDS + " rounds");
	}

	private static List<String> shippedKeyPatterns() {
		JobDefinitions examples = new JobDefinitions(Definitions.SHIPPED.resolve("examples"));
		return examples.names()
			.stream()
			.flatMap(name -> examples.load(name).expiring().rules().stream())
			.map(Rule::when)
			.map(Rule.When::key)
			.filter(Objects::nonNull)
			.map(com.google.re2j.Pattern::pattern)
			.toList();
	}

	private static double nanosPerMatch(Predicate<String> matcher, String key, int times) {
		int matched = 0;
		long start = System.nanoTime();
		for (int i = 0; i < times; i++) {
			matched += matcher.test(key) ? 1 : 0;
		}
		long elapsed = System.nanoTime() - start;
		if (matched != 0 && matched != times) {
			throw new IllegalStateException("a matcher changed its mind on " + key);
		}
		return (double) elapsed / times;
	}

}
