package io.keysweep.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.keysweep.definition.Notify;
import io.keysweep.report.RunRecord;

/**
 * The message about one sweep: for the runs an operator must look at, those that crossed
 * an alert threshold or failed. Short, as a chat message is: the job, the target, the
 * counts, and the command that shows the rest.
 *
 * @param run the sweep's run as the job repository recorded it
 */
public record RunNotice(RunRecord run) implements Notice {

	@Override
	public String job() {
		return run.job();
	}

	@Override
	public boolean warranted() {
		return NoticeParts.failed(run) || !run.alerts().isEmpty();
	}

	@Override
	public String body(Notify.Format format) {
		RunRecord.Counts counts = run.counts();
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("counts", Map.of("scanned", counts.scanned(), "matching", counts.matching(), "expired",
				counts.expired(), "would_expire", counts.wouldExpire()));
		fields.put("alerts", descriptions(run.alerts()));
		return NoticeParts.body(run, format, text(), fields);
	}

	/** One paragraph: what happened, the counts, what to run. */
	String text() {
		String what = NoticeParts.failed(run) ? NoticeParts.failure(run)
				: "crossed " + (run.alerts().size() == 1 ? "an alert threshold" : "alert thresholds") + ": "
						+ String.join("; ", descriptions(run.alerts()));
		RunRecord.Counts counts = run.counts();
		return NoticeParts.opening(run) + " " + what + ". Scanned " + counts.scanned() + ", matching "
				+ counts.matching() + ", expired " + counts.expired() + ". Details: " + NoticeParts.reportCommand(run);
	}

	private static List<String> descriptions(List<RunRecord.AlertRecord> alerts) {
		return alerts.stream().map(RunRecord.AlertRecord::description).toList();
	}

}
