package io.keysweep.census;

import io.keysweep.classify.KeyFacts;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Counts each chunk's keys into the step's census, and commits the census with the chunk,
 * in the step's ExecutionContext beside the reader's cursor: a restarted step starts from
 * the census of the last committed chunk and the cursor that goes with it, so it counts
 * every key once. Writes nothing to Redis.
 */
public final class CensusWriter implements ItemStreamWriter<KeyFacts> {

	/** The context key; read it through {@link #from}, nowhere else. */
	private static final String CENSUS = "audit.census";

	private final int capacity;

	private Census census;

	public CensusWriter(int capacity) {
		this.capacity = capacity;
		this.census = new Census(capacity);
	}

	/** The census a step committed, or null when it committed none. */
	public static Census from(ExecutionContext context) {
		return context.containsKey(CENSUS) ? Census.decode(context.getString(CENSUS)) : null;
	}

	@Override
	public void write(Chunk<? extends KeyFacts> chunk) {
		for (KeyFacts facts : chunk) {
			census.count(facts.key(), facts.type(), facts.pttl(), facts.memory(), facts.idleSeconds());
		}
	}

	@Override
	public void open(ExecutionContext executionContext) {
		Census committed = from(executionContext);
		census = committed != null ? committed : new Census(capacity);
	}

	@Override
	public void update(ExecutionContext executionContext) {
		executionContext.putString(CENSUS, census.encode());
	}

}
