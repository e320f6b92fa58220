package io.keysweep.batch;

import io.keysweep.classify.Classifier;
import io.keysweep.classify.Expiry;
import io.keysweep.classify.Jitter;
import io.keysweep.classify.KeyFacts;
import io.keysweep.classify.Verdict;
import io.keysweep.expire.InFlightChunk;
import io.keysweep.tally.SweepCounts;
import io.keysweep.tally.SweepTally;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Classifies each key in memory and passes on only the keys to expire; every verdict is
 * counted. A key that an interrupted execution's last chunk gave its TTL is counted as
 * that chunk would have counted it.
 */
public class ClassifyProcessor implements ItemProcessor<KeyFacts, Expiry> {

	private final Classifier classifier;

	private final Jitter jitter;

	private final SweepTally tally;

	private final InFlightChunk<Expiry> inFlight;

	/**
	 * @param inFlight the keys an interrupted execution's last chunk sent without a
	 * checkpoint
	 */
	public ClassifyProcessor(Classifier classifier, Jitter jitter, SweepTally tally, InFlightChunk<Expiry> inFlight) {
		this.classifier = classifier;
		this.jitter = jitter;
		this.tally = tally;
		this.inFlight = inFlight;
	}

	@Override
	public Expiry process(KeyFacts facts) {
		Verdict verdict = classifier.classify(facts);
		String lostClass = verdict.acts() || facts.pttl() < 0 ? null : inFlight.claim(facts.key());
		if (lostClass != null) {
			tally.classified(facts.key(), Verdict.leave(lostClass));
			tally.add(SweepCounts.EXPIRED, 1);
			return null;
		}
		tally.classified(facts.key(), verdict);
		if (!verdict.acts()) {
			return null;
		}
		if (facts.memory() != KeyFacts.NOT_SAMPLED) {
			tally.sampledMemory(verdict.keyClass(), facts.memory());
		}
		return new Expiry(facts.key(), verdict.keyClass(), jitter.apply(verdict.ttlSeconds(), verdict.clamp()),
				verdict.clamp(), facts.type());
	}

}
