package io.keysweep.report;

import java.util.List;
import java.util.Map;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.keysweep.audit.AuditJson;
import io.keysweep.audit.AuditResult;

/**
 * The JSON report: {@link RunRecord}'s fields in snake_case, every field always present
 * (null when unknown), so that scripts can rely on the names. A list is {@code {"runs":
 * [...]}}; one execution is the run itself. The run of an audit also holds the audit.
 */
final class JsonReport {

	private static final Gson GSON = new GsonBuilder()
		.setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
		.serializeNulls()
		.disableHtmlEscaping()
		.setPrettyPrinting()
		.create();

	private JsonReport() {
	}

	/**
	 * {@code runs}, and {@code targets}: the execution ids of the runs on each Redis
	 * target, as {@code runs[].redis.endpoint} names it.
	 * @param audits the runs that are audits, by execution id
	 */
	static String runs(List<RunRecord> runs, Map<Long, AuditResult> audits) {
		JsonArray array = new JsonArray();
		runs.forEach(run -> array.add(tree(run, audits.get(run.executionId()))));
		JsonObject targets = new JsonObject();
		RunSummary.byTarget(runs).forEach((target, ofTarget) -> {
			JsonArray ids = new JsonArray();
			ofTarget.forEach(run -> ids.add(run.executionId()));
			targets.add(target, ids);
		});
		JsonObject json = new JsonObject();
		json.add("runs", array);
		json.add("targets", targets);
		return GSON.toJson(json);
	}

	/**
	 * @param audit the run as an audit, or null for a sweep
	 */
	static String run(RunRecord run, AuditResult audit) {
		return GSON.toJson(tree(run, audit));
	}

	/**
	 * The run; an audit's also has {@code audit}, what {@code keysweep audit --format
	 * json} prints (its names are camelCase, as there).
	 */
	private static JsonObject tree(RunRecord run, AuditResult audit) {
		JsonObject json = GSON.toJsonTree(run).getAsJsonObject();
		if (audit != null) {
			json.add("audit", AuditJson.tree(audit));
		}
		return json;
	}

}
