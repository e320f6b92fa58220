package io.keysweep.testing;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/** Writes many keys fast: one pipeline per few thousand commands. */
public final class Seeder {

	private static final int FLUSH_EVERY = 5_000;

	private Seeder() {
	}

	public interface PerIndex {

		void write(Pipeline pipeline, int i);

	}

	public static void seed(Jedis jedis, int count, PerIndex perIndex) {
		Pipeline pipeline = jedis.pipelined();
		for (int i = 0; i < count; i++) {
			perIndex.write(pipeline, i);
			if (i % FLUSH_EVERY == FLUSH_EVERY - 1) {
				pipeline.sync();
			}
		}
		pipeline.close();
	}

	/**
	 * A 14-character URL-safe bid, unique per index, containing '-' and '_' like real
	 * ones.
	 */
	public static String bid(int i) {
		return "k-_" + String.format("%011d", i);
	}

}
