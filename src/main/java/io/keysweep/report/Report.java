package io.keysweep.report;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.keysweep.audit.AuditResult;
import io.keysweep.audit.AuditText;
import io.keysweep.failure.OperatorException;

/** The {@code report} command's output in the chosen format, from the job repository. */
public final class Report {

	public enum Format {

		TEXT, JSON, HTML

	}

	/** Patterns shown of one audit in full, as {@code audit} shows them. */
	private static final int TOP_PATTERNS = 20;

	/** Patterns shown of the newest audit under the list of runs. */
	private static final int TOP_PATTERNS_OF_NEWEST = 10;

	private final RunHistory history;

	private final Format format;

	public Report(RunHistory history, Format format) {
		this.history = history;
		this.format = format;
	}

	/**
	 * The newest runs of one job (or of all, for null), newest first; in text, followed
	 * by the newest audit's top patterns.
	 */
	public String recent(String job, int last) {
		List<RunRecord> runs = history.recent(job, last);
		Map<Long, AuditResult> audits = history.audits(runs);
		return switch (format) {
			case TEXT -> RunSummary.lines(runs) + runs.stream()
				.map(run -> audits.get(run.executionId()))
				.filter(Objects::nonNull)
				.findFirst()
				.map(audit -> "\n\n" + AuditText.of(audit, TOP_PATTERNS_OF_NEWEST))
				.orElse("");
			case JSON -> JsonReport.runs(runs, audits);
			case HTML -> HtmlReport.of(runs, audits, now());
		};
	}

	/**
	 * One run in full.
	 * @param job when not null, the job the execution must belong to
	 */
	public String execution(long id, String job) {
		RunRecord run = history.execution(id);
		if (job != null && !job.equals(run.job())) {
			throw new OperatorException("execution " + id + " is a run of " + run.job() + ", not of " + job);
		}
		Optional<AuditResult> audit = history.audit(run);
		return switch (format) {
			case TEXT -> RunSummary.detail(run) + audit.map(a -> "\n\n" + AuditText.of(a, TOP_PATTERNS)).orElse("");
			case JSON -> JsonReport.run(run, audit.orElse(null));
			case HTML -> HtmlReport.of(List.of(run), audit.map(a -> Map.of(id, a)).orElse(Map.of()), now());
		};
	}

	private static String now() {
		return OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
	}

}
