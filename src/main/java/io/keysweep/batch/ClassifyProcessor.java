package io.keysweep.batch;

import io.keysweep.classify.Classifier;
import io.keysweep.classify.Expiry;
import io.keysweep.classify.Jitter;
import io.keysweep.classify.KeyFacts;
import io.keysweep.classify.Verdict;
import io.keysweep.tally.SweepTally;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Classifies each key in memory and passes on only the keys to expire; every verdict is
 * counted.
 */
public class ClassifyProcessor implements ItemProcessor<KeyFacts, Expiry> {

	private final Classifier classifier;

	private final Jitter jitter;

	private final SweepTally tally;

	public ClassifyProcessor(Classifier classifier, Jitter jitter, SweepTally tally) {
		this.classifier = classifier;
		this.jitter = jitter;
		this.tally = tally;
	}

	@Override
	public Expiry process(KeyFacts facts) {
		Verdict verdict = classifier.classify(facts);
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
