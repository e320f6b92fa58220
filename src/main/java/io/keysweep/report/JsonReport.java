package io.keysweep.report;

import java.util.List;

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

	private record Runs(List<RunRecord> runs) {
	}

	private JsonReport() {
	}

	static String runs(List<RunRecord> runs) {
		return GSON.toJson(new Runs(runs));
	}

	static String run(RunRecord run) {
		return GSON.toJson(run);
	}

}
