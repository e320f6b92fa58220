package io.keysweep.definition;

import java.util.Map;

/**
 * A job definition's {@code alert} thresholds, per class: more keys of the class than
 * {@code over}, or more than {@code growthOver} keys more than the previous completed run
 * of the same job found.
 *
 * @param over class to the count above which the run alerts ({@code leaked-over: 10000})
 * @param growthOver class to the growth above which the run alerts
 * ({@code leaked-growth-over: 500})
 */
public record AlertThresholds(Map<String, Long> over, Map<String, Long> growthOver) {

	public static final AlertThresholds NONE = new AlertThresholds(Map.of(), Map.of());

	/** The YAML field names: {@code <class>-over} and {@code <class>-growth-over}. */
	public static final String OVER_SUFFIX = "-over";

	public static final String GROWTH_OVER_SUFFIX = "-growth-over";

	public AlertThresholds {
		over = Map.copyOf(over);
		growthOver = Map.copyOf(growthOver);
	}

	public boolean isEmpty() {
		return over.isEmpty() && growthOver.isEmpty();
	}
}
