package io.keysweep.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The JSON report: {@link RunRecord}'s fields in snake_case, every field always present
 * (null when unknown), so that scripts can rely on the names. A list is {@code {"runs":
 * [...]}}; one execution is the run itself.
 */
final class JsonReport {

	private static final Gson GSON = new GsonBuilder()
		.setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
		.serializeNulls()
		.disableHtmlEscaping()
		.setPrettyPrinting()
		.create();

	/**
	 * @param targets the execution ids of the runs on each Redis target, as
	 * {@code runs[].redis.endpoint} names it
	 */
	private record Runs(List<RunRecord> runs, Map<String, List<Long>> targets) {
	}

	private JsonReport() {
	}

	static String runs(List<RunRecord> runs) {
		Map<String, List<Long>> targets = new LinkedHashMap<>();
		RunSummary.byTarget(runs)
			.forEach((target, ofTarget) -> targets.put(target, ofTarget.stream().map(RunRecord::executionId).toList()));
		return GSON.toJson(new Runs(runs, targets));
	}

	static String run(RunRecord run) {
		return GSON.toJson(run);
	}

}
