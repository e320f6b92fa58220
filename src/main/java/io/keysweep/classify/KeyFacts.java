package io.keysweep.classify;

import java.util.List;

/**
 * Everything the classifier may look at for one key, fetched with the rest of its SCAN
 * page in one pipeline.
 *
 * @param key the key, as bytes
 * @param pttl PTTL of the key: -2 gone, -1 no expiry, else milliseconds left
 * @param type TYPE of the key ("none" when gone)
 * @param idleSeconds OBJECT IDLETIME of the key, or -1 when the classifier did not ask
 * for it
 * @param companions facts about each companion the classifier asked for, in the order it
 * asked; an entry is null where it asked for nothing
 * @param memory MEMORY USAGE of the key in bytes, or {@link #NOT_SAMPLED}: only a few
 * keys are measured
 */
public record KeyFacts(byte[] key, long pttl, String type, long idleSeconds, List<CompanionFacts> companions,
		long memory) {

	public static final long NOT_SAMPLED = -1;

	/**
	 * @param pttl PTTL of the companion: -2 absent, -1 no expiry, else milliseconds left
	 * @param flagged whether the companion hash has the asked-for field
	 * @param flagValue the field's value when the classifier asked for it and the field
	 * exists, else null
	 */
	public record CompanionFacts(long pttl, boolean flagged, String flagValue) {

		public CompanionFacts(long pttl, boolean flagged) {
			this(pttl, flagged, null);
		}

		public boolean exists() {
			return pttl != -2;
		}
	}

	/** The facts of the first companion, or null. */
	public CompanionFacts companion() {
		return companions.isEmpty() ? null : companions.get(0);
	}
}
