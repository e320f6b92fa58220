package io.keysweep.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.keysweep.census.Census;
import io.keysweep.census.DeadBatchSet;
import io.keysweep.census.PatternRow;
import io.keysweep.census.SidekiqBatches;

/**
 * What an audit found of Sidekiq Pro batches, said plainly, with the shipped jobs that
 * fix it: batches by state, the keys of batches whose hash is gone, the leaked notify
 * counters, the dead-batch set.
 *
 * @param batches the counts the audit's SCAN made
 * @param deadSets the dead-batch sets read after the SCAN
 * @param batchKeysWithoutTtl keys of batch patterns ({@code b-*}, {@code b-*-<suffix>})
 * without a TTL, from the census
 */
public record SidekiqSection(SidekiqBatches batches, List<DeadBatchSet> deadSets, long batchKeysWithoutTtl) {

	/** The shipped job for notify counters without a TTL. */
	static final String NOTIFY_JOB = "jobs/sidekiq-batch-notify.yml";

	/**
	 * The shipped job for every batch key without a TTL and the dead set's stale bids.
	 */
	static final String KEYS_JOB = "jobs/sidekiq-batch-keys.yml";

	/** The patterns of Sidekiq Pro batch keys, as KeyPattern names them. */
	private static final Pattern BATCH_PATTERN = Pattern.compile("(.*:)?b-\\*(-.*)?");

	/**
	 * The section of an audit, or null when the audit met no key of a batch and no
	 * dead-batch set.
	 */
	static SidekiqSection of(SidekiqBatches batches, List<DeadBatchSet> deadSets, Census census) {
		if ((batches == null || !batches.any()) && deadSets.isEmpty()) {
			return null;
		}
		long withoutTtl = census.rows()
			.stream()
			.filter(row -> BATCH_PATTERN.matcher(row.pattern()).matches())
			.mapToLong(PatternRow::withoutTtl)
			.sum();
		return new SidekiqSection(batches == null ? SidekiqBatches.sum(List.of()) : batches, deadSets, withoutTtl);
	}

	/** Batches with dead jobs: the bids of the dead-batch sets whose hash is in Redis. */
	public long dead() {
		return deadSets.stream().mapToLong(DeadBatchSet::ofBatchesInRedis).sum();
	}

	/** Batch hashes neither deleted, succeeded nor dead. */
	public long live() {
		return Math.max(0, batches.liveOrDead() - dead());
	}

	public long staleDeadSetMembers() {
		return deadSets.stream().mapToLong(DeadBatchSet::stale).sum();
	}

	/** The section as text, one finding a line, then the jobs that fix them. */
	public List<String> lines() {
		List<String> lines = new ArrayList<>();
		lines.add(String.format(Locale.ROOT,
				"Sidekiq Pro batches: %d (live %d, dead %d, deleted %d, succeeded %d), by their b-<bid> hashes",
				batches.liveOrDead() + batches.deleted() + batches.succeeded(), live(), dead(), batches.deleted(),
				batches.succeeded()));
		lines.add(String.format(Locale.ROOT,
				"  %d other keys of batches, %d of them orphaned (their batch hash is gone); %d batch keys without a TTL",
				batches.pieces(), batches.orphanedPieces(), batchKeysWithoutTtl));
		lines.add(String.format(Locale.ROOT,
				"  notify counters without a TTL: %d, %d of them leaked (their batch is gone)",
				batches.notifyWithoutTtl(), batches.leakedNotify()));
		for (DeadBatchSet set : deadSets) {
			lines.add(String.format(Locale.ROOT, "  dead-batch set %s: %d bids, %d of them of batches gone from Redis",
					set.key(), set.size(), set.stale()));
		}
		fixes().forEach((job, what) -> lines.add("  fix: " + job + " " + what));
		if (fixes().isEmpty()) {
			lines.add("  every batch key has a TTL and the dead set no stale bid: nothing to fix");
		}
		return lines;
	}

	/** The section as JSON fields. */
	Map<String, Object> json() {
		Map<String, Object> json = new LinkedHashMap<>();
		Map<String, Long> states = new LinkedHashMap<>();
		states.put("live", live());
		states.put("dead", dead());
		states.put("deleted", batches.deleted());
		states.put("succeeded", batches.succeeded());
		json.put("batches", states);
		json.put("otherBatchKeys", batches.pieces());
		json.put("orphanedBatchKeys", batches.orphanedPieces());
		json.put("batchKeysWithoutTtl", batchKeysWithoutTtl);
		json.put("notifyWithoutTtl", batches.notifyWithoutTtl());
		json.put("leakedNotify", batches.leakedNotify());
		json.put("deadBatchSets",
				deadSets.stream().map(s -> Map.of("key", s.key(), "size", s.size(), "staleBids", s.stale())).toList());
		json.put("fixedBy", List.copyOf(fixes().keySet()));
		return json;
	}

	/**
	 * The shipped jobs that fix what the audit found, each with what it does: the notify
	 * job for notify counters without a TTL, the batch-keys job for any other batch key
	 * without one and for the dead set's stale bids.
	 */
	private Map<String, String> fixes() {
		Map<String, String> fixes = new LinkedHashMap<>();
		if (batches.notifyWithoutTtl() > 0) {
			fixes.put(NOTIFY_JOB, "gives the notify counters without a TTL Pro's 30-day expiry");
		}
		if (batchKeysWithoutTtl > batches.notifyWithoutTtl() || staleDeadSetMembers() > 0) {
			fixes.put(KEYS_JOB,
					"gives every batch key without a TTL Pro's own expiry and removes the dead set's " + "stale bids");
		}
		return fixes;
	}

}
