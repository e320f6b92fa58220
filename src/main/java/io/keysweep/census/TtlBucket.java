package io.keysweep.census;

/** Where a key's remaining time to live falls, as an audit counts it. */
public enum TtlBucket {

	NONE("none"), UNDER_1H("<1h"), UNDER_1D("1h-1d"), UNDER_7D("1-7d"), UNDER_30D("7-30d"), OVER_30D(">30d");

	private static final long HOUR = 3_600_000L;

	private static final long DAY = 24 * HOUR;

	private final String label;

	TtlBucket(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}

	/** The bucket of a PTTL answer: -1 no expiry, else milliseconds left. */
	static TtlBucket of(long pttl) {
		if (pttl < 0) {
			return NONE;
		}
		if (pttl < HOUR) {
			return UNDER_1H;
		}
		if (pttl < DAY) {
			return UNDER_1D;
		}
		if (pttl < 7 * DAY) {
			return UNDER_7D;
		}
		return pttl < 30 * DAY ? UNDER_30D : OVER_30D;
	}

}
