package io.keysweep.audit;

/**
 * When a pattern is a suspected leak. A single key without a TTL is rarely a leak; a
 * pattern whose keys without a TTL grow from one audit to the next, or that holds a large
 * share of the memory without a TTL, is.
 *
 * @param withoutTtlGrowthOver keys without a TTL a pattern may gain between two audits
 * @param memoryShareOver percent of the audited memory a pattern's keys without a TTL may
 * hold
 */
record LeakThresholds(long withoutTtlGrowthOver, int memoryShareOver) {

	/** Why the pattern is suspected, or null when it is not. */
	String suspicion(PatternChange change, double auditedBytes) {
		if (change.withoutTtlGrowth() != null && change.withoutTtlGrowth() > withoutTtlGrowthOver) {
			return "+" + change.withoutTtlGrowth() + " keys without a TTL since the previous audit (over "
					+ withoutTtlGrowthOver + ")";
		}
		double share = auditedBytes <= 0 ? 0 : 100 * change.bytesWithoutTtl() / auditedBytes;
		if (share > memoryShareOver) {
			return String.format(java.util.Locale.ROOT,
					"its keys without a TTL hold about %.0f%% of the audited memory (over %d%%)", share,
					memoryShareOver);
		}
		return null;
	}

}
