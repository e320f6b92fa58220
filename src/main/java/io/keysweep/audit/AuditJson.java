package io.keysweep.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import io.keysweep.census.PatternRow;
import io.keysweep.census.TtlBucket;

/** An audit as JSON: every pattern row, for scripts and dashboards. */
public final class AuditJson {

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting()
		.serializeSpecialFloatingPointValues()
		.create();

	private AuditJson() {
	}

	public static String of(AuditResult result) {
		return GSON.toJson(tree(result));
	}

	/**
	 * The same as a JSON tree, to put into another document (the report's run of an
	 * audit).
	 */
	public static JsonElement tree(AuditResult result) {
		Map<String, Object> audit = new LinkedHashMap<>();
		audit.put("execution", result.executionId());
		audit.put("status", result.run().execution().getStatus().toString());
		audit.put("previousExecution", result.previousExecution());
		if (result.census() != null) {
			audit.put("keys", result.census().total().keys());
			audit.put("withoutTtl", result.census().total().withoutTtl());
			audit.put("memorySampled", result.census().total().sampled());
			audit.put("patternCapacity", result.census().capacity());
		}
		List<Map<String, Object>> rows = result.changes().stream().map(AuditJson::row).toList();
		audit.put("patterns", rows);
		audit.put("suspectedLeaks", result.suspects());
		if (result.sidekiq() != null) {
			audit.put("sidekiq", result.sidekiq().json());
		}
		return GSON.toJsonTree(audit);
	}

	private static Map<String, Object> row(PatternChange change) {
		PatternRow row = change.row();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("pattern", row.pattern());
		json.put("keys", row.keys());
		json.put("withoutTtl", row.withoutTtl());
		Map<String, Long> ttl = new LinkedHashMap<>();
		for (TtlBucket bucket : TtlBucket.values()) {
			ttl.put(bucket.label(), row.inTtlBucket(bucket));
		}
		json.put("ttl", ttl);
		json.put("types", new TreeMap<>(row.types()));
		json.put("memorySampled", row.sampled());
		json.put("estimatedBytes", Math.round(change.bytes()));
		json.put("estimatedBytesWithoutTtl", Math.round(change.bytesWithoutTtl()));
		if (row.sampled() >= 2) {
			json.put("meanBytesError95", Math.round(row.meanBytesError()));
		}
		if (row.meanIdleSeconds() >= 0) {
			json.put("meanIdleSeconds", row.meanIdleSeconds());
		}
		json.put("keysGrowth", change.keysGrowth());
		json.put("withoutTtlGrowth", change.withoutTtlGrowth());
		return json;
	}

}
