package io.keysweep.classify;

/**
 * A key whose state decides what happens to the swept key, e.g. the batch hash
 * {@code b-<bid>} of a {@code b-<bid>-notify} key.
 *
 * @param key the companion key
 * @param flag a hash field whose presence matters (null when only the companion's TTL
 * matters)
 * @param flagValue whether the field's value matters too (HGET rather than HEXISTS), as
 * the {@code deleted} field of a batch hash tells a deleted batch ("1") from a succeeded
 * one ("2")
 */
public record Companion(byte[] key, byte[] flag, boolean flagValue) {

	/** A companion whose field's presence alone matters. */
	public Companion(byte[] key, byte[] flag) {
		this(key, flag, false);
	}

}
