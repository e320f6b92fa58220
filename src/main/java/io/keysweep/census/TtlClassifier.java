package io.keysweep.census;

import java.util.List;

import io.keysweep.classify.Classifier;
import io.keysweep.classify.Companion;
import io.keysweep.classify.KeyFacts;
import io.keysweep.classify.Verdict;

/**
 * An audit's classifier: it expires nothing, and tells keys apart only by whether they
 * expire, so that an audit's run figures say how many keys it read with and without a
 * TTL. The only companions it looks up are those {@link SidekiqBatches} counts batches
 * by, for keys of Sidekiq Pro batches.
 */
public final class TtlClassifier implements Classifier {

	/** Keys without a TTL. */
	public static final String NO_TTL = "no-ttl";

	private final boolean idleTime;

	/**
	 * @param idleTime whether to ask each key's OBJECT IDLETIME
	 */
	public TtlClassifier(boolean idleTime) {
		this.idleTime = idleTime;
	}

	@Override
	public List<Companion> companionsOf(byte[] key) {
		return SidekiqBatches.companionsOf(key);
	}

	@Override
	public boolean needsIdleTime() {
		return idleTime;
	}

	@Override
	public Verdict classify(KeyFacts facts) {
		if (facts.pttl() == -2) {
			return Verdict.leave(Verdict.VANISHED);
		}
		return Verdict.leave(facts.pttl() == -1 ? NO_TTL : Verdict.HAS_TTL);
	}

}
