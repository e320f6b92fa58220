package io.keysweep.classify;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The built-in classifiers a job definition can name. */
public final class Classifiers {

    private record BuiltIn(Set<String> expiringClasses, Function<Map<String, Long>, Classifier> factory) {
    }

    private static final Map<String, BuiltIn> BUILT_IN = Map.of(SidekiqNotifyClassifier.NAME,
            new BuiltIn(SidekiqNotifyClassifier.EXPIRING, SidekiqNotifyClassifier::new));

    private Classifiers() {
    }

    public static Set<String> names() {
        return BUILT_IN.keySet();
    }

    /** The classes of this classifier that need a TTL in the job definition; null for an unknown name. */
    public static Set<String> expiringClasses(String name) {
        BuiltIn builtIn = BUILT_IN.get(name);
        return builtIn == null ? null : builtIn.expiringClasses();
    }

    /** @param ttlSeconds a TTL in seconds for each of {@link #expiringClasses(String)} */
    public static Classifier create(String name, Map<String, Long> ttlSeconds) {
        BuiltIn builtIn = BUILT_IN.get(name);
        if (builtIn == null) {
            throw new IllegalArgumentException("unknown classifier '" + name + "'");
        }
        return builtIn.factory().apply(ttlSeconds);
    }
}
