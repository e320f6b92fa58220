package io.keysweep.batch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.keysweep.classify.Classifier;
import io.keysweep.lock.SweepLock;
import io.keysweep.classify.KeyFacts;
import io.keysweep.tally.SweepTally;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Counts each key's verdict in the run's tally, as a sweep does, and passes every key on
 * to the census but keysweep's own locks (the audit's among them): they are no key of the
 * application, and an audit must find the keyspace as it was.
 */
final class AuditProcessor implements ItemProcessor<KeyFacts, KeyFacts> {

	private final Classifier classifier;

	private final SweepTally tally;

	private static final byte[] LOCKS = SweepLock.KEY_PREFIX.getBytes(StandardCharsets.US_ASCII);

	AuditProcessor(Classifier classifier, SweepTally tally) {
		this.classifier = classifier;
		this.tally = tally;
	}

	@Override
	public KeyFacts process(KeyFacts facts) {
		if (startsWith(facts.key(), LOCKS)) {
			return null;
		}
		tally.classified(facts.key(), classifier.classify(facts));
		return facts;
	}

	private static boolean startsWith(byte[] key, byte[] prefix) {
		return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
	}

}
