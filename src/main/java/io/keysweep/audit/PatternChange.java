package io.keysweep.audit;

import io.keysweep.census.Census;
import io.keysweep.census.PatternRow;

/**
 * One pattern of an audit beside the same pattern in the previous audit of the same
 * Redis.
 *
 * @param row the pattern's counts now
 * @param bytes the memory its keys hold, estimated from the sample
 * @param bytesWithoutTtl the share of {@code bytes} held by its keys without a TTL
 * @param keysGrowth keys now minus keys then (all of them when the pattern is new), or
 * null when there was no previous audit
 * @param withoutTtlGrowth the same for keys without a TTL
 */
public record PatternChange(PatternRow row, double bytes, double bytesWithoutTtl, Long keysGrowth,
		Long withoutTtlGrowth) {

	static PatternChange of(Census now, PatternRow row, Census then) {
		double bytes = now.estimatedBytes(row);
		double withoutTtl = row.keys() == 0 ? 0 : bytes * row.withoutTtl() / row.keys();
		if (then == null) {
			return new PatternChange(row, bytes, withoutTtl, null, null);
		}
		PatternRow before = then.row(row.pattern());
		return new PatternChange(row, bytes, withoutTtl, row.keys() - (before == null ? 0 : before.keys()),
				row.withoutTtl() - (before == null ? 0 : before.withoutTtl()));
	}

	public String pattern() {
		return row.pattern();
	}

}
