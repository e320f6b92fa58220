package io.keysweep.notify;

import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.Gson;
import io.keysweep.definition.Notify;
import io.keysweep.metrics.RunMetrics;
import io.keysweep.report.RunRecord;

/**
 * What every notice says of its run, whatever kind of job it ran: the job, the target
 * (host:port[/db], never credentials), the first error of a failed run, the command that
 * shows the rest, and the body around the notice's own text and fields.
 */
final class NoticeParts {

	/** Enough of an error to say what happened; the report has the rest. */
	private static final int MAX_ERROR_LENGTH = 200;

	private static final Gson GSON = new Gson();

	private NoticeParts() {
	}

	static boolean failed(RunRecord run) {
		return "FAILED".equals(run.status());
	}

	/** The start of the text: which job, where, which execution. */
	static String opening(RunRecord run) {
		return "keysweep: job '" + run.job() + "' on " + RunMetrics.target(run) + " (execution " + run.executionId()
				+ ")";
	}

	/** {@code FAILED: <the first line of the first error>}. */
	static String failure(RunRecord run) {
		return "FAILED" + run.errors().stream().findFirst().map(e -> ": " + shortened(e)).orElse("");
	}

	static String reportCommand(RunRecord run) {
		return "keysweep report " + run.job();
	}

	/**
	 * The POST body: the text alone for Slack; for JSON the run's facts, the notice's own
	 * fields after them, then its errors, the report command and the text.
	 */
	static String body(RunRecord run, Notify.Format format, String text, Map<String, Object> fields) {
		if (format == Notify.Format.SLACK) {
			return GSON.toJson(Map.of("text", text));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("job", run.job());
		body.put("target", RunMetrics.target(run));
		body.put("status", run.status());
		body.put("execution_id", run.executionId());
		body.putAll(fields);
		body.put("errors", run.errors().stream().map(NoticeParts::shortened).toList());
		body.put("report_command", reportCommand(run));
		body.put("text", text);
		return GSON.toJson(body);
	}

	private static String shortened(String error) {
		String line = error.lines().findFirst().orElse("");
		return line.length() <= MAX_ERROR_LENGTH ? line : line.substring(0, MAX_ERROR_LENGTH) + "...";
	}

}
