package io.keysweep.classify;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sidekiq Pro's {@code b-<bid>-notify} counters. Pro re-creates the key without an expiry
 * after {@code Status#delete} ran in a complete callback; nothing removes it afterwards.
 * Keys are only ever given an expiry, never deleted, and only when they still have none.
 */
final class SidekiqNotifyClassifier implements Classifier {

	static final String NAME = "sidekiq-batch-notify";

	static final String LEAKED = "leaked";
	static final String DELETED = "deleted";
	static final String LIVE = "live";
	static final String NOT_A_BATCH_KEY = "not-a-batch-key";

	/** The classes that get an expiry, each with the TTL its job definition gives it. */
	static final Set<String> EXPIRING = Set.of(LEAKED, DELETED, LIVE);

	private static final String NOTIFY = "notify";

	private static final byte[] DELETED_FIELD = "deleted".getBytes(StandardCharsets.US_ASCII);

	private final long leakedTtl;

	private final long deletedTtl;

	private final long liveTtl;

	SidekiqNotifyClassifier(Map<String, Long> ttlSeconds) {
		this.leakedTtl = ttlSeconds.get(LEAKED);
		this.deletedTtl = ttlSeconds.get(DELETED);
		this.liveTtl = ttlSeconds.get(LIVE);
	}

	@Override
	public List<Companion> companionsOf(byte[] key) {
		BatchKeyName name = BatchKeyName.parse(key);
		return name == null || !name.suffix().equals(NOTIFY) ? List.of()
				: List.of(new Companion(name.batchHash(), DELETED_FIELD));
	}

	@Override
	public Verdict classify(KeyFacts facts) {
		if (facts.pttl() == -2) {
			return Verdict.leave(Verdict.VANISHED);
		}
		if (facts.companion() == null || !"string".equals(facts.type())) {
			return Verdict.unrecognised(NOT_A_BATCH_KEY);
		}
		if (facts.pttl() >= 0) {
			return Verdict.leave(Verdict.HAS_TTL);
		}
		KeyFacts.CompanionFacts batch = facts.companion();
		if (batch.pttl() == -2) {
			return Verdict.expire(LEAKED, leakedTtl);
		}
		if (batch.flagged()) {
			return Verdict.expire(DELETED, deletedTtl);
		}
		// a live or dead batch: the counter must not die before its hash (a dead batch's
		// hash lives 180 days)
		long hashSeconds = batch.pttl() < 0 ? 0 : (batch.pttl() + 999) / 1000;
		return Verdict.expire(LIVE, Math.max(liveTtl, hashSeconds));
	}

}
