package io.keysweep.audit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.keysweep.census.Census;
import io.keysweep.census.PatternRow;

/**
 * An audit as text: the patterns that hold the most memory without a TTL, with their
 * growth since the previous audit, then the suspected leaks and what it found of Sidekiq
 * Pro batches.
 */
public final class AuditText {

	private AuditText() {
	}

	/** The same as {@link #print}, as a string without a final newline. */
	public static String of(AuditResult result, int top) {
		StringWriter text = new StringWriter();
		print(result, top, new PrintWriter(text));
		return text.toString().stripTrailing();
	}

	public static void print(AuditResult result, int top, PrintWriter out) {
		Census census = result.census();
		if (census == null) {
			out.println("The audit counted no key.");
			return;
		}
		PatternRow total = census.total();
		out.printf(Locale.ROOT, "Audit (execution %d): %d keys, %d without a TTL, in %d patterns%s%n",
				result.executionId(), total.keys(), total.withoutTtl(), result.changes().size(),
				result.previousExecution() == null ? "; no previous audit of this Redis to compare with"
						: "; growth since audit execution " + result.previousExecution());
		out.printf(Locale.ROOT, "Memory from MEMORY USAGE of %d keys: %s in all (+/- %s at 95%%)%n", total.sampled(),
				bytes(census.estimatedBytes(total)), bytes(total.meanBytesError() * total.keys()));
		List<PatternChange> byMemory = result.topByMemoryWithoutTtl(top);
		out.printf(Locale.ROOT, "%-40s %10s %10s %10s %10s %10s %s%n", "pattern", "keys", "no TTL", "+keys", "+no TTL",
				"no-TTL mem", "types");
		for (PatternChange change : byMemory) {
			PatternRow row = change.row();
			out.printf(Locale.ROOT, "%-40s %10d %10d %10s %10s %10s %s%n", row.pattern(), row.keys(), row.withoutTtl(),
					growth(change.keysGrowth()), growth(change.withoutTtlGrowth()), bytes(change.bytesWithoutTtl()),
					types(row.types()));
		}
		if (result.changes().size() > top) {
			out.println("(" + (result.changes().size() - top) + " more patterns: --top, or --format json for all)");
		}
		if (result.suspects().isEmpty()) {
			out.println("No suspected leak.");
		}
		else {
			out.println("Suspected leaks:");
			result.suspects().forEach((pattern, why) -> out.println("  " + pattern + ": " + why));
		}
		if (result.sidekiq() != null) {
			result.sidekiq().lines().forEach(out::println);
		}
	}

	/**
	 * {@code +12}, {@code -3}, {@code 0}; {@code -} when there is nothing to compare
	 * with.
	 */
	public static String growth(Long n) {
		return n == null ? "-" : (n > 0 ? "+" : "") + n;
	}

	private static String types(Map<String, Long> types) {
		StringBuilder text = new StringBuilder();
		types.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach(e -> text.append(text.isEmpty() ? "" : ",").append(e.getKey()).append('=').append(e.getValue()));
		return text.toString();
	}

	static String bytes(double n) {
		if (Double.isNaN(n)) {
			return "?";
		}
		if (n >= 1 << 30) {
			return String.format(Locale.ROOT, "%.1f GiB", n / (1 << 30));
		}
		if (n >= 1 << 20) {
			return String.format(Locale.ROOT, "%.1f MiB", n / (1 << 20));
		}
		return n >= 1 << 10 ? String.format(Locale.ROOT, "%.1f KiB", n / (1 << 10))
				: String.format(Locale.ROOT, "%.0f B", n);
	}

}
