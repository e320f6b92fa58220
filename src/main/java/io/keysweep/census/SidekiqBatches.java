package io.keysweep.census;

import java.util.List;

import io.keysweep.classify.BatchKeyName;
import io.keysweep.classify.Companion;
import io.keysweep.classify.KeyFacts;

/**
 * The Sidekiq Pro batches an audit met, counted from what its SCAN pages already fetch
 * plus one companion lookup per batch key (in the same pipeline): a batch hash's
 * {@code deleted} field (HGET), and for any other key of a batch whether its hash is
 * still there (PTTL). Batch hashes by state, the keys of batches whose hash is gone, and
 * the notify counters without a TTL. Counts only, so its size is fixed however many
 * batches there are. Mutable, on the step's thread only.
 */
public final class SidekiqBatches {

	private static final byte[] DELETED_FIELD = { 'd', 'e', 'l', 'e', 't', 'e', 'd' };

	private static final String NOTIFY = "notify";

	/** Batch hashes with no {@code deleted} field: live, or dead with dead jobs. */
	private long liveOrDead;

	/** Batch hashes whose {@code deleted} field is "1": deleted through the API. */
	private long deleted;

	/** Batch hashes whose {@code deleted} field is "2": succeeded. */
	private long succeeded;

	/** Keys of a batch other than its hash. */
	private long pieces;

	/** Of those, the ones whose batch hash is gone. */
	private long orphanedPieces;

	/** {@code b-<bid>-notify} counters without a TTL. */
	private long notifyWithoutTtl;

	/** Of those, the ones whose batch hash is gone: the leak of Sidekiq issue 6390. */
	private long leakedNotify;

	/** What to look up beside a key for the count: nothing for a key of no batch. */
	static List<Companion> companionsOf(byte[] key) {
		BatchKeyName name = BatchKeyName.parse(key);
		if (name == null) {
			return List.of();
		}
		return List.of(name.suffix().isEmpty() ? new Companion(key, DELETED_FIELD, true)
				: new Companion(name.batchHash(), null));
	}

	void count(KeyFacts facts) {
		if (facts.pttl() == -2 || facts.companion() == null) {
			return;
		}
		String suffix = BatchKeyName.parse(facts.key()).suffix();
		if (suffix.isEmpty()) {
			if ("hash".equals(facts.type())) {
				countHash(facts.companion().flagValue());
			}
			return;
		}
		pieces++;
		boolean batchGone = !facts.companion().exists();
		if (batchGone) {
			orphanedPieces++;
		}
		if (NOTIFY.equals(suffix) && facts.pttl() == -1) {
			notifyWithoutTtl++;
			if (batchGone) {
				leakedNotify++;
			}
		}
	}

	private void countHash(String deletedField) {
		if ("1".equals(deletedField)) {
			deleted++;
		}
		else if ("2".equals(deletedField)) {
			succeeded++;
		}
		else {
			liveOrDead++;
		}
	}

	/** Whether the audit met any key of a batch. */
	public boolean any() {
		return liveOrDead + deleted + succeeded + pieces > 0;
	}

	public long liveOrDead() {
		return liveOrDead;
	}

	public long deleted() {
		return deleted;
	}

	public long succeeded() {
		return succeeded;
	}

	public long pieces() {
		return pieces;
	}

	public long orphanedPieces() {
		return orphanedPieces;
	}

	public long notifyWithoutTtl() {
		return notifyWithoutTtl;
	}

	public long leakedNotify() {
		return leakedNotify;
	}

	/** The sum of several steps' counts (the masters of a cluster). */
	public static SidekiqBatches sum(List<SidekiqBatches> parts) {
		SidekiqBatches sum = new SidekiqBatches();
		for (SidekiqBatches part : parts) {
			sum.liveOrDead += part.liveOrDead;
			sum.deleted += part.deleted;
			sum.succeeded += part.succeeded;
			sum.pieces += part.pieces;
			sum.orphanedPieces += part.orphanedPieces;
			sum.notifyWithoutTtl += part.notifyWithoutTtl;
			sum.leakedNotify += part.leakedNotify;
		}
		return sum;
	}

	/** The counts as one line, as a step's ExecutionContext holds them. */
	String encode() {
		return liveOrDead + " " + deleted + " " + succeeded + " " + pieces + " " + orphanedPieces + " "
				+ notifyWithoutTtl + " " + leakedNotify;
	}

	static SidekiqBatches decode(String line) {
		String[] f = line.split(" ");
		SidekiqBatches batches = new SidekiqBatches();
		batches.liveOrDead = Long.parseLong(f[0]);
		batches.deleted = Long.parseLong(f[1]);
		batches.succeeded = Long.parseLong(f[2]);
		batches.pieces = Long.parseLong(f[3]);
		batches.orphanedPieces = Long.parseLong(f[4]);
		batches.notifyWithoutTtl = Long.parseLong(f[5]);
		batches.leakedNotify = Long.parseLong(f[6]);
		return batches;
	}

}
