package io.keysweep.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SidekiqBatchKeysClassifierTest {

	private static final long DAY = 86_400;

	private static final long GONE = -2;

	private static final long NO_TTL = -1;

	private final Classifier classifier = Classifiers.create("sidekiq-batch-keys",
			Map.of("orphaned", 30 * DAY, "deleted", 30 * DAY, "dead", 180 * DAY, "live", 30 * DAY));

	@ParameterizedTest
	@CsvSource({
			// key suffix, type, key pttl, hash pttl, deleted flag, died set exists,
			// class, ttl days
			"'',        hash,   -1, -1,           false, false, live,            30",
			"'',        hash,   -1, -1,           true,  false, deleted,         30",
			"'',        hash,   -1, -1,           false, true,  dead,            180",
			"-jids,     set,    -1, -2,           false, false, orphaned,        30",
			"-failinfo, hash,   -1, -2,           false, true,  dead,            180",
			"-notify,   string, -1, 3888000000,   false, false, live,            45",
			"-cbsucc,   string, -1, -1,           true,  false, deleted,         30",
			"-complete, set,    -1, -1,           false, false, live,            30",
			"-success,  set,    -1, 20044800000,  false, true,  dead,            232",
			"-died,     set,    -1, -2,           false, true,  dead,            180",
			"-pending,  string, -1, -2,           false, false, orphaned,        30",
			"-jids,     set,    5000, -2,         false, false, has-ttl,         0",
			"-cbcomp,   string, -1, -1,           false, false, unknown-suffix,  0",
			"-notify,   list,   -1, -1,           false, false, not-a-batch-key, 0",
			"-jids,     string, -1, -1,           false, false, not-a-batch-key, 0", })
	void classifiesEveryKeyOfABatchByItsSuffixAndTheBatchsState(String suffix, String type, long pttl, long hashPttl,
			boolean deleted, boolean dead, String keyClass, long days) {
		byte[] key = ("b-vTF1-9QvLPnREQ" + suffix).getBytes(StandardCharsets.US_ASCII);
		List<Companion> companions = classifier.companionsOf(key);
		assertThat(new String(companions.get(0).key(), StandardCharsets.US_ASCII)).isEqualTo("b-vTF1-9QvLPnREQ");
		assertThat(new String(companions.get(1).key(), StandardCharsets.US_ASCII)).isEqualTo("b-vTF1-9QvLPnREQ-died");

		Verdict verdict = classifier
			.classify(new KeyFacts(key, pttl, type, -1, List.of(new KeyFacts.CompanionFacts(hashPttl, deleted),
					new KeyFacts.CompanionFacts(dead ? NO_TTL : GONE, false)), KeyFacts.NOT_SAMPLED));

		assertThat(verdict.keyClass()).isEqualTo(keyClass);
		assertThat(verdict.ttlSeconds()).isEqualTo(days * DAY);
	}

	@org.junit.jupiter.api.Test
	void givesUnknownSuffixesATtlOnlyWhenTheDefinitionSaysSo() {
		Classifier generous = Classifiers.create("sidekiq-batch-keys",
				Map.of("orphaned", DAY, "deleted", DAY, "dead", DAY, "live", DAY, "unknown-suffix", 2 * DAY));
		byte[] key = "b-vTF1-9QvLPnREQ-cbcomp".getBytes(StandardCharsets.US_ASCII);
		assertThat(generous.classify(new KeyFacts(key, NO_TTL, "string", -1,
				List.of(new KeyFacts.CompanionFacts(GONE, false), new KeyFacts.CompanionFacts(GONE, false)),
				KeyFacts.NOT_SAMPLED)))
			.isEqualTo(Verdict.expire("unknown-suffix", 2 * DAY));
		assertThat(generous.companionsOf("batches".getBytes(StandardCharsets.US_ASCII))).isEmpty();
	}

}
