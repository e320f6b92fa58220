package io.keysweep.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The shared table of what a sweep does with a notify key, row by row, on facts as the
 * reader fetches them.
 */
class SidekiqNotifyClassifierTest {

	private static final long DAY = 86_400;

	private final Classifier classifier = Classifiers.create("sidekiq-batch-notify",
			Map.of("leaked", 30 * DAY, "deleted", 30 * DAY, "live", 30 * DAY));

	private static final byte[] KEY = "b-vTF1-9QvLPnREQ-notify".getBytes(StandardCharsets.US_ASCII);

	@Test
	void asksForTheBatchHashAndItsDeletedField() {
		Companion companion = classifier.companionsOf(KEY).get(0);
		assertThat(new String(companion.key(), StandardCharsets.US_ASCII)).isEqualTo("b-vTF1-9QvLPnREQ");
		assertThat(new String(companion.flag(), StandardCharsets.US_ASCII)).isEqualTo("deleted");
		assertThat(classifier.companionsOf("b-x-notify".getBytes(StandardCharsets.US_ASCII))).isEmpty();
	}

	@Test
	void leavesAKeyThatAlreadyExpires() {
		assertThat(classify(5_000, "string", -2, false)).isEqualTo(Verdict.leave("has-ttl"));
	}

	@Test
	void expiresALeakedKeyWhoseBatchHashIsGone() {
		assertThat(classify(-1, "string", -2, false)).isEqualTo(Verdict.expire("leaked", 30 * DAY));
	}

	@Test
	void expiresAKeyOfADeletedOrSucceededBatch() {
		assertThat(classify(-1, "string", 3_600_000, true)).isEqualTo(Verdict.expire("deleted", 30 * DAY));
	}

	@Test
	void neverLetsALiveBatchsCounterDieBeforeItsHash() {
		long deadBatchHash = 180 * DAY * 1000 - 1;
		assertThat(classify(-1, "string", deadBatchHash, false)).isEqualTo(Verdict.expire("live", 180 * DAY));
		assertThat(classify(-1, "string", 5 * DAY * 1000, false)).isEqualTo(Verdict.expire("live", 30 * DAY));
		assertThat(classify(-1, "string", -1, false)).isEqualTo(Verdict.expire("live", 30 * DAY));
	}

	@Test
	void countsAKeyThatVanishedBeforeItsPageWasRead() {
		assertThat(classify(-2, "none", -2, false)).isEqualTo(Verdict.leave("vanished"));
	}

	@Test
	void reportsButLeavesKeysThatAreNotBatchNotifyCounters() {
		assertThat(classify(-1, "list", -2, false)).isEqualTo(Verdict.unrecognised("not-a-batch-key"));
		assertThat(classifier.classify(new KeyFacts("b-x-notify".getBytes(StandardCharsets.US_ASCII), -1, "string", -1,
				List.of(), KeyFacts.NOT_SAMPLED)))
			.isEqualTo(Verdict.unrecognised("not-a-batch-key"));
	}

	private Verdict classify(long pttl, String type, long hashPttl, boolean deleted) {
		return classifier.classify(new KeyFacts(KEY, pttl, type, -1,
				List.of(new KeyFacts.CompanionFacts(hashPttl, deleted)), KeyFacts.NOT_SAMPLED));
	}

}
