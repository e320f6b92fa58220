package io.keysweep.classify;

import java.util.List;

/**
 * Decides, in memory, what a sweep does with each key. It never talks to Redis: it names
 * the companion keys and facts it needs and the reader fetches them with the rest of the
 * page, in one round trip.
 */
public interface Classifier {

	/**
	 * The companions to look up along with this key; an entry may be null where there is
	 * nothing to look up.
	 */
	List<Companion> companionsOf(byte[] key);

	/**
	 * Whether {@link KeyFacts#idleSeconds()} is needed (OBJECT IDLETIME, one more command
	 * per key).
	 */
	default boolean needsIdleTime() {
		return false;
	}

	Verdict classify(KeyFacts facts);

}
