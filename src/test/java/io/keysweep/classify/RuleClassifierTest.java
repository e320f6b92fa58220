package io.keysweep.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import com.google.re2j.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Each rule condition and action, and rule order, on facts as the reader fetches them.
 */
class RuleClassifierTest {

	private static final long DAY = 86_400;

	private static Rule rule(String keyClass, Rule.When when, Rule.Action action) {
		return new Rule(keyClass, when, action);
	}

	private static Rule.When when(Rule.Ttl ttl, String type, Long idleOver, String key, String companion,
			Boolean exists) {
		Pattern pattern = key == null ? null : Pattern.compile(key);
		return new Rule.When(ttl, type, idleOver, pattern,
				companion == null ? null : CompanionTemplate.parse(companion, pattern), exists);
	}

	private static Rule.Action expire(long seconds) {
		return new Rule.Action(Rule.Action.Kind.EXPIRE, seconds);
	}

	private static Rule.Action clamp(long seconds) {
		return new Rule.Action(Rule.Action.Kind.CLAMP, seconds);
	}

	private static KeyFacts facts(String key, long pttl, String type, long idle,
			KeyFacts.CompanionFacts... companions) {
		List<KeyFacts.CompanionFacts> list = new ArrayList<>(java.util.Arrays.asList(companions));
		return new KeyFacts(key.getBytes(StandardCharsets.ISO_8859_1), pttl, type, idle, list, KeyFacts.NOT_SAMPLED);
	}

	@Test
	void theFirstMatchingRuleDecides() {
		Classifier rules = Classifiers.rules(List.of(rule("idle-session",
				when(new Rule.Ttl(Rule.Ttl.Kind.NONE, 0), "string", 7 * DAY, null, null, null), expire(14 * DAY)),
				rule("other", Rule.When.ANY, Rule.Action.KEEP)));

		assertThat(rules.needsIdleTime()).isTrue();
		assertThat(rules.classify(facts("session:1", -1, "string", 8 * DAY, null, null)))
			.isEqualTo(Verdict.expire("idle-session", 14 * DAY));
		assertThat(rules.classify(facts("session:2", -1, "string", DAY, null, null))).isEqualTo(Verdict.leave("other"));
		assertThat(rules.classify(facts("session:3", -1, "hash", 8 * DAY, null, null)))
			.isEqualTo(Verdict.leave("other"));
		assertThat(rules.classify(facts("session:4", -2, "none", -1, null, null))).isEqualTo(Verdict.leave("vanished"));
	}

	@Test
	void aKeyNoRuleMatchesIsReportedAndLeftAlone() {
		Classifier rules = Classifiers
			.rules(List.of(rule("typed", when(null, "hash", null, null, null, null), expire(DAY))));
		assertThat(rules.classify(facts("x", -1, "string", -1, (KeyFacts.CompanionFacts) null)))
			.isEqualTo(Verdict.unrecognised("unmatched"));
		assertThat(rules.needsIdleTime()).isFalse();
	}

	@Test
	void ttlConditionsCompareTheRemainingTime() {
		Classifier rules = Classifiers.rules(List.of(
				rule("none", when(new Rule.Ttl(Rule.Ttl.Kind.NONE, 0), null, null, null, null, null), Rule.Action.KEEP),
				rule("long", when(new Rule.Ttl(Rule.Ttl.Kind.OVER, DAY), null, null, null, null, null),
						Rule.Action.KEEP),
				rule("short", when(new Rule.Ttl(Rule.Ttl.Kind.UNDER, 60), null, null, null, null, null),
						Rule.Action.KEEP),
				rule("rest", Rule.When.ANY, Rule.Action.KEEP)));
		assertThat(rules.classify(facts("a", -1, "string", -1, null, null, null, null)).keyClass()).isEqualTo("none");
		assertThat(rules.classify(facts("a", DAY * 1000 + 1, "string", -1, null, null, null, null)).keyClass())
			.isEqualTo("long");
		assertThat(rules.classify(facts("a", 59_999, "string", -1, null, null, null, null)).keyClass())
			.isEqualTo("short");
		assertThat(rules.classify(facts("a", 60_000, "string", -1, null, null, null, null)).keyClass())
			.isEqualTo("rest");
	}

	@Test
	void buildsCompanionKeysFromNamedGroupsAndTestsThem() {
		Classifier rules = Classifiers.rules(List.of(
				rule("orphan-lock", when(null, null, null, "lock:(?<id>[0-9]+):owner", "job:${id}", false),
						expire(DAY)),
				rule("live-lock", when(null, null, null, "lock:(?<id>[0-9]+):owner", "job:${id}", true),
						Rule.Action.KEEP)));

		List<Companion> companions = rules.companionsOf("lock:42:owner".getBytes(StandardCharsets.US_ASCII));
		assertThat(companions).hasSize(2);
		assertThat(new String(companions.get(0).key(), StandardCharsets.US_ASCII)).isEqualTo("job:42");
		assertThat(rules.companionsOf("other".getBytes(StandardCharsets.US_ASCII))).containsOnlyNulls();

		KeyFacts.CompanionFacts absent = new KeyFacts.CompanionFacts(-2, false);
		KeyFacts.CompanionFacts present = new KeyFacts.CompanionFacts(-1, false);
		assertThat(rules.classify(facts("lock:42:owner", -1, "string", -1, absent, absent)))
			.isEqualTo(Verdict.expire("orphan-lock", DAY));
		assertThat(rules.classify(facts("lock:42:owner", -1, "string", -1, present, present)))
			.isEqualTo(Verdict.leave("live-lock"));
	}

	@Test
	void aTemplateMayOnlyNameGroupsOfTheKeyPattern() {
		assertThatThrownBy(() -> CompanionTemplate.parse("job:${id}", Pattern.compile("lock:(?<job>.*)")))
			.hasMessageContaining("'${id}' is not a named group");
		assertThatThrownBy(() -> CompanionTemplate.parse("job:${id}", null)).hasMessageContaining("'${id}'");
	}

	@Test
	void keysMatchByteForByteEvenWhenTheyAreNotUtf8() {
		Classifier rules = Classifiers.rules(
				List.of(rule("binary", when(null, null, null, "\u00ff(?<rest>.*)", "c:${rest}", false), expire(DAY))));
		byte[] key = { (byte) 0xff, 'a', (byte) 0x80 };
		assertThat(rules.companionsOf(key).get(0).key()).isEqualTo(new byte[] { 'c', ':', 'a', (byte) 0x80 });
	}

	@Test
	void expireOnlyAddsAnExpiryAndClampOnlyShortensOne() {
		Classifier rules = Classifiers
			.rules(List.of(rule("capped", when(null, "hash", null, null, null, null), clamp(DAY)),
					rule("given", Rule.When.ANY, expire(DAY))));
		assertThat(rules.classify(facts("h", 2 * DAY * 1000, "hash", -1, null, null)))
			.isEqualTo(Verdict.clamp("capped", DAY));
		assertThat(rules.classify(facts("h", -1, "hash", -1, null, null))).isEqualTo(Verdict.clamp("capped", DAY));
		assertThat(rules.classify(facts("h", DAY * 1000, "hash", -1, null, null))).isEqualTo(Verdict.leave("capped"));
		assertThat(rules.classify(facts("h", 5_000, "hash", -1, null, null))).isEqualTo(Verdict.leave("capped"));
		assertThat(rules.classify(facts("s", 5_000, "string", -1, null, null))).isEqualTo(Verdict.leave("given"));
		assertThat(rules.classify(facts("s", -1, "string", -1, null, null))).isEqualTo(Verdict.expire("given", DAY));
	}

	@Test
	void jitterStaysWithinItsBoundsAndOnTheSafeSide() {
		Jitter jitter = new Jitter(10);
		for (int i = 0; i < 10_000; i++) {
			assertThat(jitter.apply(1000, false)).isBetween(1000L, 1100L);
			assertThat(jitter.apply(1000, true)).isBetween(900L, 1000L);
		}
		assertThat(
				java.util.stream.IntStream.range(0, 1000).mapToLong(i -> jitter.apply(1000, false)).distinct().count())
			.as("spread")
			.isGreaterThan(50);
		assertThat(Jitter.NONE.apply(1000, false)).isEqualTo(1000);
	}

}
