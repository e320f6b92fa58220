package io.keysweep.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * A threshold a run crossed, as stored in its step's ExecutionContext so that reports
 * show it later.
 *
 * @param threshold the definition's field, e.g. {@code leaked-over} or
 * {@code leaked-growth-over}
 * @param limit the threshold's value
 * @param value what the run found: the class's count, or its growth since
 * {@code comparedWith}
 * @param comparedWith the execution id of the previous completed run, for growth
 * thresholds; else null
 */
public record Alert(String threshold, long limit, long value, Long comparedWith) {

	private static final String PREFIX = "alert.crossed.";

	public long excess() {
		return value - limit;
	}

	/** One line for people: which threshold, by how much. */
	public String describe() {
		String what = comparedWith == null ? "found " + value : "grew by " + value + " since execution " + comparedWith;
		return threshold + " " + limit + " crossed: " + what + " (" + excess() + " over)";
	}

	static void writeTo(ExecutionContext context, List<Alert> alerts) {
		for (Alert alert : alerts) {
			context.putString(PREFIX + alert.threshold(), alert.limit() + " " + alert.value()
					+ (alert.comparedWith() == null ? "" : " " + alert.comparedWith()));
		}
	}

	/** The alerts a step stored, sorted by threshold; empty when it crossed none. */
	public static List<Alert> from(ExecutionContext context) {
		Map<String, Alert> alerts = new TreeMap<>();
		for (Map.Entry<String, Object> entry : context.entrySet()) {
			if (entry.getKey().startsWith(PREFIX)) {
				String threshold = entry.getKey().substring(PREFIX.length());
				String[] parts = ((String) entry.getValue()).split(" ");
				alerts.put(threshold, new Alert(threshold, Long.parseLong(parts[0]), Long.parseLong(parts[1]),
						parts.length > 2 ? Long.valueOf(parts[2]) : null));
			}
		}
		return new ArrayList<>(alerts.values());
	}
}
