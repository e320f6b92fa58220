package io.keysweep.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.keysweep.audit.AuditResult;
import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.Notify;
import io.keysweep.report.RunRecord;

/**
 * The message about one run of an audit job: for the runs its exit code marks, an audit
 * that suspects a leak and was asked to alert (exit 3), or one that failed. Names the
 * suspected patterns with why, the first few only: a keyspace may hold hundreds, and a
 * chat message that lists them all is read by nobody (a webhook may refuse it, too).
 *
 * @param run the audit's run as the job repository recorded it
 * @param result what the audit found
 * @param audit the definition's audit settings: whether it alerts
 */
public record AuditNotice(RunRecord run, AuditResult result, JobDefinition.Audit audit) implements Notice {

	/** Suspected leaks a notice names; the rest it counts. */
	static final int MAX_SUSPECTS = 5;

	@Override
	public String job() {
		return run.job();
	}

	@Override
	public boolean warranted() {
		return NoticeParts.failed(run) || (audit.alert() && !result.suspects().isEmpty());
	}

	@Override
	public String body(Notify.Format format) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("kind", "audit");
		fields.put("suspected_leaks", result.suspects().size());
		fields.put("suspects", named().stream().map(s -> Map.of("pattern", s.getKey(), "why", s.getValue())).toList());
		return NoticeParts.body(run, format, text(), fields);
	}

	/** One paragraph: what happened, the first suspects with why, what to run. */
	String text() {
		if (NoticeParts.failed(run)) {
			return NoticeParts.opening(run) + " " + NoticeParts.failure(run) + ". Details: "
					+ NoticeParts.reportCommand(run);
		}
		int count = result.suspects().size();
		List<String> named = named().stream().map(s -> s.getKey() + ": " + s.getValue()).toList();
		String more = count > named.size() ? "; and " + (count - named.size()) + " more" : "";
		return NoticeParts.opening(run) + " suspects " + (count == 1 ? "a leak" : count + " leaks") + ": "
				+ String.join("; ", named) + more + ". Details: " + NoticeParts.reportCommand(run);
	}

	/**
	 * The suspects the notice names: those of the most keys, as the census lists them.
	 */
	private List<Map.Entry<String, String>> named() {
		return result.suspects().entrySet().stream().limit(MAX_SUSPECTS).toList();
	}

}
