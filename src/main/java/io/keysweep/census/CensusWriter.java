package io.keysweep.census;

import io.keysweep.classify.KeyFacts;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Counts each chunk's keys into the step's census (and its Sidekiq batches), and commits
 * the census with the chunk, in the step's ExecutionContext beside the reader's cursor: a
 * restarted step starts from the census of the last committed chunk and the cursor that
 * goes with it, so it counts every key once. Writes nothing to Redis.
 */
public final class CensusWriter implements ItemStreamWriter<KeyFacts> {

	/** The context key; read it through {@link #from}, nowhere else. */
	private static final String CENSUS = "audit.census";

	/** The context key of the Sidekiq batches; read it through {@link #batchesFrom}. */
	private static final String BATCHES = "audit.sidekiq-batches";

	private final int capacity;

	private Census census;

	private SidekiqBatches batches = new SidekiqBatches();

	public CensusWriter(int capacity) {
		this.capacity = capacity;
		this.census = new Census(capacity);
	}

	/** The census a step committed, or null when it committed none. */
	public static Census from(ExecutionContext context) {
		return context.containsKey(CENSUS) ? Census.decode(context.getString(CENSUS)) : null;
	}

	/**
	 * The Sidekiq batches a step committed, or null when it committed none (an audit of a
	 * keysweep older than these counts).
	 */
	public static SidekiqBatches batchesFrom(ExecutionContext context) {
		return context.containsKey(BATCHES) ? SidekiqBatches.decode(context.getString(BATCHES)) : null;
	}

	@Override
	public void write(Chunk<? extends KeyFacts> chunk) {
		for (KeyFacts facts : chunk) {
			census.count(facts.key(), facts.type(), facts.pttl(), facts.memory(), facts.idleSeconds());
			batches.count(facts);
		}
	}

	@Override
	public void open(ExecutionContext executionContext) {
		Census committed = from(executionContext);
		census = committed != null ? committed : new Census(capacity);
		SidekiqBatches committedBatches = batchesFrom(executionContext);
		batches = committedBatches != null ? committedBatches : new SidekiqBatches();
	}

	@Override
	public void update(ExecutionContext executionContext) {
		executionContext.putString(CENSUS, census.encode());
		executionContext.putString(BATCHES, batches.encode());
	}

}
