package io.keysweep.classify;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The built-in classifiers a job definition can name. */
public final class Classifiers {

	/**
	 * @param expiringClasses the classes a definition gives a TTL
	 * @param optionalClasses those of them whose keys are left alone when the definition
	 * gives no TTL
	 */
	private record BuiltIn(Set<String> expiringClasses, Set<String> optionalClasses,
			Function<Map<String, Long>, Classifier> factory) {
	}

	private static final Map<String, BuiltIn> BUILT_IN = Map.of(SidekiqNotifyClassifier.NAME,
			new BuiltIn(SidekiqNotifyClassifier.EXPIRING, Set.of(), SidekiqNotifyClassifier::new),
			SidekiqBatchKeysClassifier.NAME, new BuiltIn(SidekiqBatchKeysClassifier.EXPIRING,
					SidekiqBatchKeysClassifier.OPTIONAL, SidekiqBatchKeysClassifier::new));

	private Classifiers() {
	}

	public static Set<String> names() {
		return new java.util.TreeSet<>(BUILT_IN.keySet());
	}

	/**
	 * The classes of this classifier that need a TTL in the job definition; null for an
	 * unknown name.
	 */
	public static Set<String> expiringClasses(String name) {
		BuiltIn builtIn = BUILT_IN.get(name);
		return builtIn == null ? null : builtIn.expiringClasses();
	}

	/** A classifier that tries the rules in order, first match wins. */
	public static Classifier rules(List<Rule> rules) {
		return new RuleClassifier(rules);
	}

	/**
	 * Expiring classes a definition may leave without a TTL; empty for an unknown name.
	 */
	public static Set<String> optionalClasses(String name) {
		BuiltIn builtIn = BUILT_IN.get(name);
		return builtIn == null ? Set.of() : builtIn.optionalClasses();
	}

	/**
	 * @param ttlSeconds a TTL in seconds for each of {@link #expiringClasses(String)}
	 */
	public static Classifier create(String name, Map<String, Long> ttlSeconds) {
		BuiltIn builtIn = BUILT_IN.get(name);
		if (builtIn == null) {
			throw new IllegalArgumentException("unknown classifier '" + name + "'");
		}
		return builtIn.factory().apply(ttlSeconds);
	}

}
