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
 * {@value #OTHER} row. A pattern gets its row when it is first seen while the table has
 * room, and from then on every key of it is counted there: the count of every row is
 * exact, and {@value #OTHER} holds exactly the keys of the patterns that came after the
 * table was full. Memory stays bounded however many patterns a hostile keyspace holds.
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
			return other;
		}
		row = new PatternRow(pattern);
		rows.put(pattern, row);
		return row;
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
	 * capacity; rows that do not fit go to {@value #OTHER}.
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
