package io.keysweep.census;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a census counted under one pattern. Mutable, on the step's thread only; the census
 * hands out copies.
 */
public final class PatternRow {

	/** Keys gone between SCAN and the lookup: TYPE said none, PTTL -2. */
	public static final String GONE = "none";

	private final String pattern;

	private long keys;

	private final Map<String, Long> types = new TreeMap<>();

	private final long[] ttl = new long[TtlBucket.values().length];

	private long sampled;

	private double sampledBytes;

	private double sampledSquares;

	private long idleKeys;

	private long idleSeconds;

	PatternRow(String pattern) {
		this.pattern = pattern;
	}

	void add(String type, long pttl, long memory, long idle) {
		keys++;
		types.merge(type, 1L, Long::sum);
		if (pttl != -2) {
			ttl[TtlBucket.of(pttl).ordinal()]++;
		}
		if (memory >= 0) {
			sampled++;
			sampledBytes += memory;
			sampledSquares += (double) memory * memory;
		}
		if (idle >= 0) {
			idleKeys++;
			idleSeconds += idle;
		}
	}

	void addAll(PatternRow other) {
		keys += other.keys;
		other.types.forEach((type, n) -> types.merge(type, n, Long::sum));
		for (int i = 0; i < ttl.length; i++) {
			ttl[i] += other.ttl[i];
		}
		sampled += other.sampled;
		sampledBytes += other.sampledBytes;
		sampledSquares += other.sampledSquares;
		idleKeys += other.idleKeys;
		idleSeconds += other.idleSeconds;
	}

	PatternRow copy(String as) {
		PatternRow copy = new PatternRow(as);
		copy.addAll(this);
		return copy;
	}

	public String pattern() {
		return pattern;
	}

	public long keys() {
		return keys;
	}

	/** Keys by TYPE, {@value #GONE} for keys gone before the lookup. */
	public Map<String, Long> types() {
		return Map.copyOf(types);
	}

	public long withoutTtl() {
		return ttl[TtlBucket.NONE.ordinal()];
	}

	public long inTtlBucket(TtlBucket bucket) {
		return ttl[bucket.ordinal()];
	}

	/** Keys measured with MEMORY USAGE. */
	public long sampled() {
		return sampled;
	}

	/** The mean MEMORY USAGE of the measured keys; NaN when none was. */
	public double meanBytes() {
		return sampled == 0 ? Double.NaN : sampledBytes / sampled;
	}

	/**
	 * Half the width of the 95% confidence interval of {@link #meanBytes()} (1.96
	 * standard errors); NaN with fewer than two measurements.
	 */
	public double meanBytesError() {
		if (sampled < 2) {
			return Double.NaN;
		}
		double mean = meanBytes();
		double variance = Math.max(0, (sampledSquares - sampled * mean * mean) / (sampled - 1));
		return 1.96 * Math.sqrt(variance / sampled);
	}

	/** Mean OBJECT IDLETIME in seconds of the keys asked; -1 when none was. */
	public long meanIdleSeconds() {
		return idleKeys == 0 ? -1 : idleSeconds / idleKeys;
	}

	/** One line of text, no tab or newline in any field: patterns hold none. */
	String encode() {
		StringBuilder line = new StringBuilder(pattern).append('\t').append(keys);
		for (long n : ttl) {
			line.append('\t').append(n);
		}
		line.append('\t').append(sampled).append('\t').append(sampledBytes).append('\t').append(sampledSquares);
		line.append('\t').append(idleKeys).append('\t').append(idleSeconds).append('\t');
		types.forEach((type, n) -> line.append(type).append('=').append(n).append(','));
		return line.toString();
	}

	static PatternRow decode(String line) {
		String[] f = line.split("\t", -1);
		PatternRow row = new PatternRow(f[0]);
		row.keys = Long.parseLong(f[1]);
		int at = 2;
		for (int i = 0; i < row.ttl.length; i++) {
			row.ttl[i] = Long.parseLong(f[at++]);
		}
		row.sampled = Long.parseLong(f[at++]);
		row.sampledBytes = Double.parseDouble(f[at++]);
		row.sampledSquares = Double.parseDouble(f[at++]);
		row.idleKeys = Long.parseLong(f[at++]);
		row.idleSeconds = Long.parseLong(f[at++]);
		for (String type : f[at].split(",")) {
			if (!type.isEmpty()) {
				int eq = type.lastIndexOf('=');
				row.types.put(type.substring(0, eq), Long.parseLong(type.substring(eq + 1)));
			}
		}
		return row;
	}

	@Override
	public String toString() {
		return pattern + " " + keys + " keys, " + withoutTtl() + " without TTL, ttl " + Arrays.toString(ttl) + ", "
				+ types;
	}

}
