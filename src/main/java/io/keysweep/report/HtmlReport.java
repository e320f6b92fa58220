package io.keysweep.report;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.keysweep.audit.AuditResult;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The HTML report: one self-contained file (no scripts, no external fonts, styles or
 * images) with a chart per job of leaked keys found and keys expired per run over time,
 * and the table of runs. Written as well-formed XHTML so that any XML parser can read it
 * back.
 */
final class HtmlReport {

	/** The class the chart follows: keys whose batch is gone, the leak itself. */
	static final String LEAKED = "leaked";
	static final String LEAKED_COLOR = "#c0392b";
	static final String EXPIRED_COLOR = "#2471a3";
	static final String HEADER_COLOR = "#dfe8f1";

	private static final String STYLE = """
			body { font-family: sans-serif; margin: 24px; color: #222; }
			h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
			table { border-collapse: collapse; font-size: 13px; margin-top: 12px; max-width: 100%%; }
			th, td { border: 1px solid #bbb; padding: 4px 8px; text-align: right; white-space: nowrap; }
			th { background: %s; }
			th, td.text { white-space: normal; overflow-wrap: anywhere; }
			td.text { text-align: left; }
			tr.failed td { background: #fbe3e1; }
			.note { color: #555; font-size: 13px; }
			svg text { font-size: 11px; fill: #333; }
			""".formatted(HEADER_COLOR);

	private HtmlReport() {
	}

	/** Patterns whose keys without a TTL an audit's chart follows. */
	static final int CHARTED_PATTERNS = 5;

	/** Patterns in the table of a job's newest audit. */
	static final int TABLED_PATTERNS = 20;

	/** The colours of the charted patterns, largest first. */
	static final List<String> PATTERN_COLORS = List.of("#c0392b", "#2471a3", "#1e8449", "#b9770e", "#7d3c98");

	/**
	 * @param audits the runs that are audits, by execution id: their job's section charts
	 * their top patterns and tables the newest audit
	 */
	static String of(List<RunRecord> newestFirst, Map<Long, AuditResult> audits, String generatedAt) {
		StringBuilder html = new StringBuilder();
		html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
			.append("<meta charset=\"utf-8\"/>\n<title>keysweep report</title>\n<style>\n")
			.append(STYLE)
			.append("</style>\n</head>\n<body>\n<h1>keysweep runs</h1>\n")
			.append("<p class=\"note\">Generated ")
			.append(escape(generatedAt))
			.append(" from the job repository: ")
			.append(newestFirst.size())
			.append(newestFirst.size() == 1 ? " run" : " runs")
			.append(". Memory figures are estimates from sampled keys. Hollow points are dry runs, which expire nothing.</p>\n");
		Map<String, List<RunRecord>> byJob = new LinkedHashMap<>();
		List<RunRecord> oldestFirst = new ArrayList<>(newestFirst);
		Collections.reverse(oldestFirst);
		for (RunRecord run : oldestFirst) {
			byJob.computeIfAbsent(run.job(), j -> new ArrayList<>()).add(run);
		}
		byJob.forEach((job, runs) -> html.append("<section class=\"job\" data-job=\"")
			.append(escape(job))
			.append("\">\n")
			.append("<h2>")
			.append(escape(job))
			.append("</h2>\n")
			.append(runs.stream().anyMatch(r -> audits.containsKey(r.executionId())) ? AuditSection.of(runs, audits)
					: Chart.ofSweeps(runs).svg())
			.append("</section>\n"));
		html.append("<h2>Runs, newest first</h2>\n").append(table(newestFirst)).append("</body>\n</html>\n");
		return html.toString();
	}

	private static String table(List<RunRecord> runs) {
		StringBuilder table = new StringBuilder("<table id=\"runs\">\n<thead><tr>");
		for (String heading : List.of("Execution", "Job", "Started", "Duration (s)", "Rate limit (keys/s)", "Status",
				"Scanned", "Matching", "Expired", "Leaked", "Classes", "Memory (estimate)", "Alerts")) {
			table.append("<th>").append(heading).append("</th>");
		}
		table.append("</tr></thead>\n<tbody>\n");
		for (RunRecord run : runs) {
			String status = run.status() + (run.resumedFrom() == null ? "" : ", resumed from #" + run.resumedFrom())
					+ (run.dryRun() ? ", dry run" : "");
			table.append("<tr data-execution=\"")
				.append(run.executionId())
				.append('"')
				.append(run.completed() ? "" : " class=\"failed\"")
				.append('>')
				.append(cell(String.valueOf(run.executionId()), false))
				.append(cell(run.job(), true))
				.append(cell(RunSummary.shortTime(run.startedAt()), true))
				.append(cell(String.format("%.1f", run.durationSeconds()), false))
				.append(cell(run.rateLimit() == null ? "-" : String.valueOf(run.rateLimit()), false))
				.append(cell(status, true))
				.append(cell(String.valueOf(run.counts().scanned()), false))
				.append(cell(String.valueOf(run.counts().matching()), false))
				.append(cell((run.dryRun() ? "would expire " : "") + run.counts().expiredOrWouldExpire()
						+ RunSummary.deadSetMembers(run), false))
				.append(cell(String.valueOf(run.classes().getOrDefault(LEAKED, 0L)), false))
				.append(cell(run.classes()
					.entrySet()
					.stream()
					.map(e -> e.getKey() + " " + e.getValue())
					.collect(Collectors.joining(", ")), true))
				.append(cell(run.memoryEstimate() == null ? "-" : "~" + RunSummary.bytes(run.memoryEstimate().bytes()),
						false))
				.append(cell(run.alerts()
					.stream()
					.map(a -> a.threshold() + " +" + a.excess())
					.collect(Collectors.joining(", ")), true))
				.append("</tr>\n");
		}
		return table.append("</tbody>\n</table>\n").toString();
	}

	private static String cell(String text, boolean isText) {
		return (isText ? "<td class=\"text\">" : "<td>") + escape(text) + "</td>";
	}

	static String escape(String s) {
		StringBuilder out = new StringBuilder(s.length());
		for (char c : s.toCharArray()) {
			switch (c) {
				case '&' -> out.append("&amp;");
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '"' -> out.append("&quot;");
				case '\'' -> out.append("&#39;");
				default -> out.append(c);
			}
		}
		return out.toString();
	}

	/**
	 * One line of a chart.
	 *
	 * @param name its {@code data-series}
	 * @param label its legend
	 * @param value its value in a run
	 * @param lineWidth drawn wider when it is under another series that often has the
	 * same values
	 */
	record Series(String name, String label, String color, ToLongFunction<RunRecord> value, int lineWidth, int radius) {
	}

	/**
	 * Series of figures per run of one job, over time, as inline SVG: one point per run,
	 * however many executions it took.
	 *
	 * @param hollowDryRuns whether a dry run's points are hollow (a sweep's, which expire
	 * nothing; not an audit's, which is always one)
	 */
	record Chart(List<RunRecord> oldestFirst, String title, List<Series> series, boolean hollowDryRuns) {

		/** Leaked keys found and keys expired per run of a sweep. */
		static Chart ofSweeps(List<RunRecord> oldestFirst) {
			// leaked keys found and keys expired are often equal: the leaked series is
			// drawn wider, underneath
			return new Chart(oldestFirst, "Leaked keys found and keys expired per run",
					List.of(new Series("leaked", "leaked keys found", LEAKED_COLOR, Chart::leaked, 5, 8),
							new Series("expired", "keys expired (dry runs: would expire)", EXPIRED_COLOR,
									r -> r.counts().expiredOrWouldExpire(), 2, 4)),
					true);
		}

		private static final int WIDTH = 760;

		private static final int HEIGHT = 280;

		private static final int LEFT = 70;

		private static final int RIGHT = 20;

		private static final int TOP = 30;

		private static final int BOTTOM = 50;

		private static final int TICKS = 4;

		String svg() {
			// a failed execution and the resume that continued it are one run: the last
			// execution's counts already include the earlier ones'
			Set<Long> resumed = oldestFirst.stream()
				.map(RunRecord::resumedFrom)
				.filter(Objects::nonNull)
				.collect(Collectors.toSet());
			List<RunRecord> runs = oldestFirst.stream()
				.filter(r -> r.startedAt() != null && !resumed.contains(r.executionId()))
				.toList();
			long max = Math.max(1,
					runs.stream()
						.flatMapToLong(r -> series.stream().mapToLong(s -> s.value().applyAsLong(r)))
						.max()
						.orElse(1));
			long top = niceCeiling(max);
			StringBuilder svg = new StringBuilder();
			svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"")
				.append(WIDTH)
				.append("\" height=\"")
				.append(HEIGHT)
				.append("\" viewBox=\"0 0 ")
				.append(WIDTH)
				.append(' ')
				.append(HEIGHT)
				.append("\" role=\"img\" data-y-max=\"")
				.append(top)
				.append("\">\n")
				.append("<title>")
				.append(escape(title))
				.append("</title>\n");
			for (int i = 0; i <= TICKS; i++) {
				long value = top * i / TICKS;
				double y = y(value, top);
				svg.append(String.format(
						"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
								+ "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>%n",
						LEFT, y, WIDTH - RIGHT, y, LEFT - 6, y + 4, value));
			}
			svg.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", LEFT,
					HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
			if (!runs.isEmpty()) {
				svg.append(String.format("<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT, HEIGHT - BOTTOM + 18,
						escape(day(runs.get(0)))));
				svg.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", WIDTH - RIGHT,
						HEIGHT - BOTTOM + 18, escape(day(runs.get(runs.size() - 1)))));
			}
			int legend = LEFT;
			for (Series line : series) {
				series(svg, runs, line, top);
				svg.append(String.format(
						"<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
								+ "<text x=\"%d\" y=\"%d\">%s</text>%n",
						legend, 8, line.color(), legend + 16, 18, escape(line.label())));
				legend += Math.max(150, 30 + 7 * line.label().length());
			}
			return svg.append("</svg>\n").toString();
		}

		private void series(StringBuilder svg, List<RunRecord> runs, Series line, long top) {
			String name = line.name();
			String color = line.color();
			int lineWidth = line.lineWidth();
			int radius = line.radius();
			List<String> points = new ArrayList<>();
			StringBuilder marks = new StringBuilder();
			for (RunRecord run : runs) {
				long value = line.value().applyAsLong(run);
				double x = x(run, runs);
				double y = y(value, top);
				points.add(String.format("%.1f,%.1f", x, y));
				marks.append(String.format(
						"<circle class=\"point\" data-series=\"%s\" data-execution=\"%d\" "
								+ "data-value=\"%d\" cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%s\" stroke=\"%s\" "
								+ "stroke-width=\"2\"><title>#%d %s: %s %d</title></circle>%n",
						escape(name), run.executionId(), value, x, y, radius,
						hollowDryRuns && run.dryRun() ? "#ffffff" : color, color, run.executionId(),
						escape(run.startedAt()), escape(name), value));
			}
			if (points.size() > 1) {
				svg.append("<polyline fill=\"none\" stroke=\"")
					.append(color)
					.append("\" stroke-width=\"")
					.append(lineWidth)
					.append("\" points=\"")
					.append(String.join(" ", points))
					.append("\"/>\n");
			}
			svg.append(marks);
		}

		/** Proportional to the start time; a single run sits in the middle. */
		private static double x(RunRecord run, List<RunRecord> runs) {
			long first = epoch(runs.get(0));
			long span = epoch(runs.get(runs.size() - 1)) - first;
			double share = span == 0 ? 0.5 : (double) (epoch(run) - first) / span;
			return LEFT + 10 + share * (WIDTH - LEFT - RIGHT - 20);
		}

		private static double y(long value, long top) {
			return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (double) value / top);
		}

		private static long leaked(RunRecord run) {
			return run.classes().getOrDefault(LEAKED, 0L);
		}

		private static long epoch(RunRecord run) {
			return OffsetDateTime.parse(run.startedAt()).toInstant().toEpochMilli();
		}

		private static String day(RunRecord run) {
			return run.startedAt().substring(0, 16).replace('T', ' ');
		}

		/** 1, 2 or 5 times a power of ten, at or above n: round numbers on the axis. */
		private static long niceCeiling(long n) {
			long power = 1;
			while (power * 10 <= n) {
				power *= 10;
			}
			for (long step : new long[] { 1, 2, 5, 10 }) {
				if (step * power >= n) {
					return step * power;
				}
			}
			return 10 * power;
		}
	}

}
