package io.keysweep.redis;

/**
 * What keysweep needs to know about the server it sweeps, read once from
 * {@code INFO server}.
 *
 * @param version the {@code redis_version}, e.g. 7.0.15
 * @param runId changes whenever the server restarts, which invalidates any saved SCAN
 * cursor
 */
public record ServerFacts(String version, String runId) {

	static ServerFacts parse(String infoServer) {
		String version = null;
		String runId = null;
		for (String line : infoServer.split("\r?\n")) {
			if (line.startsWith("redis_version:")) {
				version = line.substring("redis_version:".length()).trim();
			}
			else if (line.startsWith("run_id:")) {
				runId = line.substring("run_id:".length()).trim();
			}
		}
		if (version == null || runId == null) {
			throw new IllegalStateException("INFO server lacks redis_version or run_id");
		}
		return new ServerFacts(version, runId);
	}
}
