package io.keysweep.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.keysweep.audit.AuditResult;
import io.keysweep.audit.AuditText;
import io.keysweep.audit.PatternChange;
import io.keysweep.census.PatternRow;

/**
 * An audit job's part of the HTML report: a chart of the keys without a TTL of the newest
 * audit's top patterns over the audits in the report, and the newest audit's top patterns
 * by memory without a TTL, its suspected leaks and Sidekiq findings.
 */
final class AuditSection {

	private AuditSection() {
	}

	/**
	 * @param oldestFirst the job's runs
	 * @param audits the runs that are audits, by execution id
	 */
	static String of(List<RunRecord> oldestFirst, Map<Long, AuditResult> audits) {
		List<RunRecord> audited = oldestFirst.stream().filter(r -> audits.containsKey(r.executionId())).toList();
		AuditResult newest = audits.get(audited.get(audited.size() - 1).executionId());
		List<String> charted = newest.changes()
			.stream()
			.map(PatternChange::row)
			.filter(row -> row.withoutTtl() > 0)
			.sorted(Comparator.comparingLong(PatternRow::withoutTtl).reversed().thenComparing(PatternRow::pattern))
			.limit(HtmlReport.CHARTED_PATTERNS)
			.map(PatternRow::pattern)
			.toList();
		List<HtmlReport.Series> series = new ArrayList<>();
		for (int i = 0; i < charted.size(); i++) {
			String pattern = charted.get(i);
			series.add(new HtmlReport.Series(pattern, pattern, HtmlReport.PATTERN_COLORS.get(i),
					run -> withoutTtl(audits.get(run.executionId()), pattern), 2, 4));
		}
		StringBuilder html = new StringBuilder();
		if (!series.isEmpty()) {
			html.append(new HtmlReport.Chart(audited, "Keys without a TTL of the top patterns per audit", series, false)
				.svg());
		}
		html.append("<p class=\"note\">Audit #")
			.append(newest.executionId())
			.append(": ")
			.append(newest.census().total().keys())
			.append(" keys, ")
			.append(newest.census().total().withoutTtl())
			.append(" without a TTL, in ")
			.append(newest.changes().size())
			.append(" patterns")
			.append(newest.previousExecution() == null ? "; no previous audit to compare with"
					: "; growth since audit #" + newest.previousExecution())
			.append(".</p>\n")
			.append(table(newest));
		if (!newest.suspects().isEmpty()) {
			html.append("<h3>Suspected leaks</h3>\n<ul class=\"suspects\">\n");
			newest.suspects()
				.forEach((pattern, why) -> html.append("<li><code>")
					.append(HtmlReport.escape(pattern))
					.append("</code>: ")
					.append(HtmlReport.escape(why))
					.append("</li>\n"));
			html.append("</ul>\n");
		}
		if (newest.sidekiq() != null) {
			html.append("<pre class=\"sidekiq\">")
				.append(HtmlReport.escape(String.join("\n", newest.sidekiq().lines())))
				.append("</pre>\n");
		}
		return html.toString();
	}

	private static long withoutTtl(AuditResult audit, String pattern) {
		PatternRow row = audit.census().row(pattern);
		return row == null ? 0 : row.withoutTtl();
	}

	private static String table(AuditResult audit) {
		StringBuilder table = new StringBuilder("<table class=\"patterns\" data-execution=\"")
			.append(audit.executionId())
			.append("\">\n<thead><tr>");
		for (String heading : List.of("Pattern", "Keys", "Without a TTL", "+keys", "+without a TTL",
				"Memory without a TTL (estimate)")) {
			table.append("<th>").append(heading).append("</th>");
		}
		table.append("</tr></thead>\n<tbody>\n");
		for (PatternChange change : audit.topByMemoryWithoutTtl(HtmlReport.TABLED_PATTERNS)) {
			table.append("<tr data-pattern=\"")
				.append(HtmlReport.escape(change.pattern()))
				.append("\"><td class=\"text\">")
				.append(HtmlReport.escape(change.pattern()))
				.append("</td><td>")
				.append(change.row().keys())
				.append("</td><td>")
				.append(change.row().withoutTtl())
				.append("</td><td>")
				.append(AuditText.growth(change.keysGrowth()))
				.append("</td><td>")
				.append(AuditText.growth(change.withoutTtlGrowth()))
				.append("</td><td>~")
				.append(RunSummary.bytes(Math.round(change.bytesWithoutTtl())))
				.append("</td></tr>\n");
		}
		return table.append("</tbody>\n</table>\n").toString();
	}

}
