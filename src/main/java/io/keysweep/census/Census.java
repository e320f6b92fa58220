package io.keysweep.census;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.keysweep.definition.JobDefinition;
import io.keysweep.pattern.KeyPattern;

/**
 * Keys counted by pattern in a table of at most {@code capacity} patterns, plus an
 * {@value #OTHER} row. A pattern gets its row when it is first seen; when the table is
 * full, the tenth of its rows with the fewest keys is first added to {@value #OTHER} to
 * make room. So a pattern that holds many keys keeps its row even when its first key
 * comes after thousands of one-key patterns, where a table that kept the first patterns
 * it met would count it under {@value #OTHER} for good. The rows and {@value #OTHER}
 * always add up to exactly the keys counted; a row counts every key of its pattern unless
 * the pattern was once moved to {@value #OTHER}, and then the keys since it came back.
 * Memory stays bounded however many patterns a hostile keyspace holds. Which rows move
 * depends only on the table and the keys counted, so a census resumed from its checkpoint
 * moves the same ones.
 */
public final class Census {

	/** The row of the keys whose patterns found the table full. */
	public static final String OTHER = "(other)";

	/** Patterns an audit keeps a row for, unless told otherwise. */
	public static final int DEFAULT_CAPACITY = JobDefinition.Audit.DEFAULTS.patterns();

	private final int capacity;

	private final Map<String, PatternRow> rows = new HashMap<>();

	private final PatternRow other = new PatternRow(OTHER);

	private final PatternRow total = new PatternRow("(all)");

	public Census(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("a census needs room for a pattern");
		}
		this.capacity = capacity;
	}

	/**
	 * One key, as its page's lookup found it.
	 * @param type TYPE, {@code none} when the key was gone
	 * @param pttl PTTL: -2 gone, -1 no expiry
	 * @param memory MEMORY USAGE, or -1 when not measured
	 * @param idle OBJECT IDLETIME, or -1 when not asked
	 */
	public void count(byte[] key, String type, long pttl, long memory, long idle) {
		rowOf(KeyPattern.of(key)).add(type, pttl, memory, idle);
		total.add(type, pttl, memory, idle);
	}

	private PatternRow rowOf(String pattern) {
		PatternRow row = rows.get(pattern);
		if (row != null) {
			return row;
		}
		if (rows.size() >= capacity) {
			makeRoom();
		}
		row = new PatternRow(pattern);
		rows.put(pattern, row);
		return row;
	}

	/**
	 * Adds the tenth of the rows with the fewest keys (ties by name, so that a resumed
	 * census does the same) to {@value #OTHER}. A tenth at a time keeps the sorting to
	 * one per that many new patterns.
	 */
	private void makeRoom() {
		List<PatternRow> smallestFirst = new ArrayList<>(rows.values());
		smallestFirst.sort(Comparator.comparingLong(PatternRow::keys).thenComparing(PatternRow::pattern));
		for (PatternRow row : smallestFirst.subList(0, Math.max(1, capacity / 10))) {
			rows.remove(row.pattern());
			other.addAll(row);
		}
	}

	public int capacity() {
		return capacity;
	}

	/** Every row, most keys first, {@value #OTHER} last when it counted any key. */
	public List<PatternRow> rows() {
		List<PatternRow> sorted = new ArrayList<>(rows.values());
		sorted.sort(Comparator.comparingLong(PatternRow::keys).reversed().thenComparing(PatternRow::pattern));
		if (other.keys() > 0) {
			sorted.add(other);
		}
		return sorted;
	}

	/** The row of this pattern, or null when the census has none. */
	public PatternRow row(String pattern) {
		return OTHER.equals(pattern) ? other : rows.get(pattern);
	}

	/** All keys counted, under any pattern. */
	public PatternRow total() {
		return total;
	}

	/**
	 * The memory the row's keys hold, estimated from its measured keys' mean, or from the
	 * mean of all measured keys when none of the row's was measured; 0 when no key was
	 * measured at all.
	 */
	public double estimatedBytes(PatternRow row) {
		double mean = row.sampled() > 0 ? row.meanBytes() : total.meanBytes();
		return Double.isNaN(mean) ? 0 : mean * row.keys();
	}

	/**
	 * The sum of several censuses (the masters of a cluster), held to the largest
	 * capacity; the smallest rows go to {@value #OTHER} when they do not fit.
	 */
	public static Census sum(List<Census> parts) {
		Census sum = new Census(parts.stream().mapToInt(Census::capacity).max().orElse(DEFAULT_CAPACITY));
		for (Census part : parts) {
			for (PatternRow row : part.rows()) {
				PatternRow into = OTHER.equals(row.pattern()) ? sum.other : sum.rowOf(row.pattern());
				into.addAll(row);
			}
			sum.total.addAll(part.total);
		}
		return sum;
	}

	/** Text, one line per row, as a step's ExecutionContext holds it. */
	String encode() {
		StringBuilder text = new StringBuilder().append(capacity).append('\n');
		text.append(total.encode()).append('\n').append(other.encode()).append('\n');
		rows.values().forEach(row -> text.append(row.encode()).append('\n'));
		return text.toString();
	}

	static Census decode(String text) {
		String[] lines = text.split("\n");
		Census census = new Census(Integer.parseInt(lines[0]));
		census.total.addAll(PatternRow.decode(lines[1]));
		census.other.addAll(PatternRow.decode(lines[2]));
		for (int i = 3; i < lines.length; i++) {
			PatternRow row = PatternRow.decode(lines[i]);
			census.rows.put(row.pattern(), row);
		}
		return census;
	}

}
