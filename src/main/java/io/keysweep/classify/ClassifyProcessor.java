package io.keysweep.classify;

import io.keysweep.tally.SweepTally;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Classifies each key in memory and passes on only the keys to expire; every verdict is counted. */
public class ClassifyProcessor implements ItemProcessor<KeyFacts, Expiry> {

    private final Classifier classifier;
    private final SweepTally tally;

    public ClassifyProcessor(Classifier classifier, SweepTally tally) {
        this.classifier = classifier;
        this.tally = tally;
    }

    @Override
    public Expiry process(KeyFacts facts) {
        Verdict verdict = classifier.classify(facts);
        tally.classified(facts.key(), verdict);
        if (facts.memory() != KeyFacts.NOT_SAMPLED && verdict.expires()) {
            tally.sampledMemory(verdict.keyClass(), facts.memory());
        }
        return verdict.expires() ? new Expiry(facts.key(), verdict.keyClass(), verdict.ttlSeconds()) : null;
    }
}
