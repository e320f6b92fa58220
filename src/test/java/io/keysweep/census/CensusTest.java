package io.keysweep.census;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import io.keysweep.classify.KeyFacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CensusTest {

	private static final long HOUR = 3_600_000;

	@Test
	void countsEachPatternByTypeAndTtl() {
		Census census = new Census(10);
		census.count(key("session:8f14e45fceea167a5a36dedd4bea2543"), "string", -1, 100, -1);
		census.count(key("session:c9f0f895fb98ab9159f51fd0297e236d"), "string", 2 * HOUR, 300, -1);
		census.count(key("session:45c48cce2e2d7fbdea1afc51c7c6ad26"), "hash", 40L * 24 * HOUR, -1, -1);
		census.count(key("session:d3d9446802a44259755d38e6d163e820"), "none", -2, -1, -1);
		census.count(key("queue:default"), "list", -1, -1, -1);

		PatternRow sessions = census.row("session:*");
		assertThat(sessions.keys()).isEqualTo(4);
		assertThat(sessions.types()).containsEntry("string", 2L).containsEntry("hash", 1L).containsEntry("none", 1L);
		assertThat(sessions.withoutTtl()).isEqualTo(1);
		assertThat(sessions.inTtlBucket(TtlBucket.UNDER_1D)).isEqualTo(1);
		assertThat(sessions.inTtlBucket(TtlBucket.OVER_30D)).isEqualTo(1);
		assertThat(sessions.meanBytes()).isEqualTo(200);
		assertThat(census.estimatedBytes(sessions)).isEqualTo(800);
		// queue:default was not measured: it takes the mean of all measured keys
		assertThat(census.estimatedBytes(census.row("queue:default"))).isEqualTo(200);
		assertThat(census.total().keys()).isEqualTo(5);
		assertThat(census.rows()).extracting(PatternRow::pattern).containsExactly("session:*", "queue:default");
	}

	@Test
	void aFullTableMovesItsSmallestRowsUnderOtherToMakeRoom() {
		Census census = new Census(2);
		census.count(key("a:1"), "string", -1, -1, -1);
		census.count(key("a:2"), "string", 5, -1, -1);
		census.count(key("b:1"), "string", -1, -1, -1);
		census.count(key("c:1"), "set", 5, -1, -1);

		assertThat(census.row("a:*").keys()).isEqualTo(2);
		assertThat(census.row("b:*")).as("the smallest row made room").isNull();
		assertThat(census.row("c:*").keys()).isEqualTo(1);
		assertThat(census.row(Census.OTHER).keys()).isEqualTo(1);
		assertThat(census.rows()).extracting(PatternRow::pattern).containsExactly("a:*", "c:*", Census.OTHER);
	}

	@Test
	void aLargePatternMetAfterThousandsOfOneKeyPatternsKeepsItsRow() {
		Census census = new Census(100);
		for (int i = 0; i < 5_000; i++) {
			census.count(key("member:" + Integer.toString(i, 26).replace('0', 'x') + "q"), "string", -1, -1, -1);
			if (i >= 1_000 && i % 4 == 0) {
				census.count(key("b-k_UQx93JxS_P" + i % 10 + "v-notify"), "string", -1, -1, -1);
			}
		}

		PatternRow notify = census.row("b-*-notify");
		assertThat(notify).isNotNull();
		assertThat(notify.keys()).as("counted from its first key on").isEqualTo(1_000);
		assertThat(census.rows()).as("at most the capacity and (other)").hasSizeLessThanOrEqualTo(101);
		assertThat(census.rows().stream().mapToLong(PatternRow::keys).sum()).isEqualTo(census.total().keys())
			.isEqualTo(6_000);
	}

	@Test
	void theWriterCommitsItsCensusAndARestartedOneContinuesFromIt() throws Exception {
		CensusWriter writer = new CensusWriter(10);
		ExecutionContext context = new ExecutionContext();
		writer.open(context);
		writer.write(Chunk.of(facts("lock:order:1", -1, 50), facts("lock:order:2", HOUR * 2, 70)));
		writer.update(context);
		writer.write(Chunk.of(facts("lock:order:3", -1, -1)));
		// killed before the commit: the restarted writer starts from the committed census

		CensusWriter restarted = new CensusWriter(10);
		restarted.open(context);
		restarted.write(Chunk.of(facts("lock:order:3", -1, -1)));
		restarted.update(context);

		Census census = CensusWriter.from(context);
		PatternRow locks = census.row("lock:order:*");
		assertThat(locks.keys()).isEqualTo(3);
		assertThat(locks.withoutTtl()).isEqualTo(2);
		assertThat(locks.meanBytes()).isEqualTo(60);
		assertThat(locks.meanBytesError()).isCloseTo(1.96 * Math.sqrt(200.0 / 2), within(1e-9));
	}

	@Test
	void sumsTheCensusesOfSeveralSteps() {
		Census a = new Census(5);
		a.count(key("x:1"), "string", -1, -1, -1);
		Census b = new Census(5);
		b.count(key("x:2"), "string", 10, -1, -1);
		b.count(key("y:2"), "string", 10, -1, -1);
		Census sum = Census.sum(java.util.List.of(a, b));
		assertThat(sum.row("x:*").keys()).isEqualTo(2);
		assertThat(sum.total().keys()).isEqualTo(3);
	}

	private static KeyFacts facts(String key, long pttl, long memory) {
		return new KeyFacts(key(key), pttl, "string", -1, java.util.List.of(), memory);
	}

	private static byte[] key(String name) {
		return name.getBytes(StandardCharsets.UTF_8);
	}

}
