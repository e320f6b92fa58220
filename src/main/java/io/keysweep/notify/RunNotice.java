package io.keysweep.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import io.keysweep.definition.Notify;
import io.keysweep.metrics.RunMetrics;
import io.keysweep.report.RunRecord;

/**
 * The message about one run: for the runs an operator must look at, those that crossed an
 * alert threshold or failed. Short, as a chat message is: the job, the target
 * (host:port[/db], never credentials), the counts, and the command that shows the rest.
 */
public final class RunNotice {

	/** Enough of an error to say what happened; the report has the rest. */
	private static final int MAX_ERROR_LENGTH = 200;

	private static final Gson GSON = new Gson();

	private RunNotice() {
	}

	/** Whether the run is one to tell somebody about. */
	public static boolean warranted(RunRecord run) {
		return failed(run) || !run.alerts().isEmpty();
	}

	/** The POST body in the definition's format. */
	public static String body(RunRecord run, Notify.Format format) {
		if (format == Notify.Format.SLACK) {
			return GSON.toJson(Map.of("text", text(run)));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("job", run.job());
		body.put("target", RunMetrics.target(run));
		body.put("status", run.status());
		body.put("execution_id", run.executionId());
		RunRecord.Counts counts = run.counts();
		body.put("counts", Map.of("scanned", counts.scanned(), "matching", counts.matching(), "expired",
				counts.expired(), "would_expire", counts.wouldExpire()));
		body.put("alerts", run.alerts().stream().map(RunRecord.AlertRecord::description).toList());
		body.put("errors", run.errors().stream().map(RunNotice::shortened).toList());
		body.put("report_command", reportCommand(run));
		body.put("text", text(run));
		return GSON.toJson(body);
	}

	/** One paragraph: what happened, the counts, what to run. */
	static String text(RunRecord run) {
		String what = failed(run)
				? "FAILED" + run.errors().stream().findFirst().map(e -> ": " + shortened(e)).orElse("")
				: "crossed " + (run.alerts().size() == 1 ? "an alert threshold" : "alert thresholds") + ": "
						+ String.join("; ", descriptions(run.alerts()));
		RunRecord.Counts counts = run.counts();
		return "keysweep: job '" + run.job() + "' on " + RunMetrics.target(run) + " (execution " + run.executionId()
				+ ") " + what + ". Scanned " + counts.scanned() + ", matching " + counts.matching() + ", expired "
				+ counts.expired() + ". Details: " + reportCommand(run);
	}

	private static boolean failed(RunRecord run) {
		return "FAILED".equals(run.status());
	}

	private static List<String> descriptions(List<RunRecord.AlertRecord> alerts) {
		return alerts.stream().map(RunRecord.AlertRecord::description).toList();
	}

	private static String reportCommand(RunRecord run) {
		return "keysweep report " + run.job();
	}

	private static String shortened(String error) {
		String line = error.lines().findFirst().orElse("");
		return line.length() <= MAX_ERROR_LENGTH ? line : line.substring(0, MAX_ERROR_LENGTH) + "...";
	}

}
