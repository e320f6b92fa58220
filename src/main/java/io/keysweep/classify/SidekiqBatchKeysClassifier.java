package io.keysweep.classify;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every key of a Sidekiq Pro batch, classified by its suffix and the state of its batch.
 * Only keys without a TTL get one; the class decides how long: 30 days for data of a
 * batch that may be alive (Pro's own, fixed expiry), 180 days for a dead batch's data
 * (Pro keeps those that long), and never less than the batch hash's own remaining TTL, so
 * no key of a batch dies before the batch.
 */
final class SidekiqBatchKeysClassifier implements Classifier {

	static final String NAME = "sidekiq-batch-keys";

	static final String ORPHANED = "orphaned";
	static final String DELETED = "deleted";
	static final String DEAD = "dead";
	static final String LIVE = "live";
	static final String UNKNOWN_SUFFIX = "unknown-suffix";
	static final String NOT_A_BATCH_KEY = "not-a-batch-key";

	static final Set<String> EXPIRING = Set.of(ORPHANED, DELETED, DEAD, LIVE, UNKNOWN_SUFFIX);

	/**
	 * Keys with a suffix keysweep does not know get a TTL only if the definition gives
	 * one.
	 */
	static final Set<String> OPTIONAL = Set.of(UNKNOWN_SUFFIX);

	/**
	 * The type each known key of a batch has; {@code pending} (Pro 1.x) is not checked.
	 */
	private static final Map<String, String> TYPES = Map.of("", "hash", "jids", "set", "failinfo", "hash", "notify",
			"string", "cbsucc", "string", "complete", "set", "success", "set", "died", "set");

	private static final String PENDING = "pending";

	private static final byte[] DELETED_FIELD = "deleted".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] DIED = "-died".getBytes(StandardCharsets.US_ASCII);

	private final Map<String, Long> ttlSeconds;

	SidekiqBatchKeysClassifier(Map<String, Long> ttlSeconds) {
		this.ttlSeconds = ttlSeconds;
	}

	/**
	 * The batch hash (its TTL and deleted flag), then the batch's set of dead jobs
	 * (whether it exists).
	 */
	@Override
	public List<Companion> companionsOf(byte[] key) {
		BatchKeyName name = BatchKeyName.parse(key);
		if (name == null) {
			return List.of();
		}
		byte[] died = Arrays.copyOf(name.batchHash(), name.batchHash().length + DIED.length);
		System.arraycopy(DIED, 0, died, name.batchHash().length, DIED.length);
		return List.of(new Companion(name.batchHash(), DELETED_FIELD), new Companion(died, null));
	}

	@Override
	public Verdict classify(KeyFacts facts) {
		if (facts.pttl() == -2) {
			return Verdict.leave(Verdict.VANISHED);
		}
		BatchKeyName name = facts.companions().isEmpty() ? null : BatchKeyName.parse(facts.key());
		if (name == null) {
			return Verdict.unrecognised(NOT_A_BATCH_KEY);
		}
		boolean known = TYPES.containsKey(name.suffix()) || PENDING.equals(name.suffix());
		String expectedType = TYPES.get(name.suffix());
		if (expectedType != null && !expectedType.equals(facts.type())) {
			return Verdict.unrecognised(NOT_A_BATCH_KEY);
		}
		if (facts.pttl() >= 0) {
			return Verdict.leave(Verdict.HAS_TTL);
		}
		if (!known) {
			Long ttl = ttlSeconds.get(UNKNOWN_SUFFIX);
			return ttl == null ? Verdict.leave(UNKNOWN_SUFFIX) : Verdict.expire(UNKNOWN_SUFFIX, ttl);
		}
		KeyFacts.CompanionFacts batch = facts.companions().get(0);
		boolean dead = facts.companions().get(1).exists();
		if (dead) {
			return Verdict.expire(DEAD, atLeastTheBatch(ttlSeconds.get(DEAD), batch));
		}
		if (!batch.exists()) {
			return Verdict.expire(ORPHANED, ttlSeconds.get(ORPHANED));
		}
		if (batch.flagged()) {
			return Verdict.expire(DELETED, ttlSeconds.get(DELETED));
		}
		return Verdict.expire(LIVE, atLeastTheBatch(ttlSeconds.get(LIVE), batch));
	}

	private static long atLeastTheBatch(long ttl, KeyFacts.CompanionFacts batch) {
		return Math.max(ttl, batch.pttl() < 0 ? 0 : (batch.pttl() + 999) / 1000);
	}

}
