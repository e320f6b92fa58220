package io.keysweep.report;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.keysweep.failure.OperatorException;

/** The {@code report} command's output in the chosen format, from the job repository. */
public final class Report {

	public enum Format {

		TEXT, JSON, HTML

	}

	private final RunHistory history;

	private final Format format;

	public Report(RunHistory history, Format format) {
		this.history = history;
		this.format = format;
	}

	/** The newest runs of one job (or of all, for null), newest first. */
	public String recent(String job, int last) {
		List<RunRecord> runs = history.recent(job, last);
		return switch (format) {
			case TEXT -> RunSummary.lines(runs);
			case JSON -> JsonReport.runs(runs);
			case HTML -> HtmlReport.of(runs, now());
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
		return switch (format) {
			case TEXT -> RunSummary.detail(run);
			case JSON -> JsonReport.run(run);
			case HTML -> HtmlReport.of(List.of(run), now());
		};
	}

	private static String now() {
		return OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
	}

}
