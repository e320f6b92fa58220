package io.keysweep.benchmark;

import java.nio.charset.StandardCharsets;

import io.keysweep.census.Census;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a full pattern table costs the audit in a hostile keyspace: 2,000,000 keys that
 * are each a pattern of their own and 500,000 notify counters, counted by a census of the
 * default 1,000 rows (which moves its smallest rows to {@code (other)} for every hundred
 * new patterns) and by one with room for every pattern (which never does), side by side.
 * Prints medians in seconds; both include naming each key's pattern.
 *
 * <p>
 * {@code ./mvnw -B -o test -Pbenchmark -Dtest=CensusBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class CensusBenchmarkTest {

	private static final int ROUNDS = 3;

	private static final int ONE_KEY_PATTERNS = 2_000_000;

	@Test
	void aFullTableAgainstOneWithRoomForEveryPattern() {
		BenchmarkTable table = new BenchmarkTable();
		for (int round = 0; round < ROUNDS; round++) {
			table.add("2.5M keys, 2M patterns, census of " + Census.DEFAULT_CAPACITY + " rows, s",
					seconds(Census.DEFAULT_CAPACITY));
			table.add("2.5M keys, 2M patterns, census with room for every pattern, s", seconds(3_000_000));
		}
		table.print("Census of a hostile keyspace, medians of " + ROUNDS + " rounds");
	}

	private static double seconds(int capacity) {
		Census census = new Census(capacity);
		long start = System.nanoTime();
		for (int i = 0; i < ONE_KEY_PATTERNS; i++) {
			// base 26 digits read as a word, never as an id: a pattern per key
			census.count(bytes("member:" + Integer.toString(i, 26).replace('0', 'x') + "q"), "string", -1, -1, -1);
			if (i % 4 == 0) {
				census.count(bytes("b-k_UQx93JxS_P" + i % 10 + "v-notify"), "string", -1, -1, -1);
			}
		}
		return (System.nanoTime() - start) / 1e9;
	}

	private static byte[] bytes(String key) {
		return key.getBytes(StandardCharsets.US_ASCII);
	}

}
