package io.keysweep.classify;

import java.util.ArrayList;
import java.util.List;

/** Classifies by the rules of a job definition, in order, first match wins. */
final class RuleClassifier implements Classifier {

	/** Keys no rule matched: reported, never touched. */
	static final String UNMATCHED = "unmatched";

	private final List<Rule> rules;

	private final boolean idleTime;

	RuleClassifier(List<Rule> rules) {
		this.rules = List.copyOf(rules);
		this.idleTime = rules.stream().anyMatch(r -> r.when().idleOverSeconds() != null);
	}

	/** One entry per rule, so that rule i finds its companion's facts at index i. */
	@Override
	public List<Companion> companionsOf(byte[] key) {
		String name = Rule.latin1(key);
		List<Companion> companions = new ArrayList<>(rules.size());
		for (Rule rule : rules) {
			companions.add(rule.companionOf(name));
		}
		return companions;
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
		String name = Rule.latin1(facts.key());
		for (int i = 0; i < rules.size(); i++) {
			Rule rule = rules.get(i);
			if (rule.matches(facts, name, facts.companions().get(i))) {
				return rule.verdict(facts.pttl());
			}
		}
		return Verdict.unrecognised(UNMATCHED);
	}

}
