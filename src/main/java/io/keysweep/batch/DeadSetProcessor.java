package io.keysweep.batch;

import java.time.Clock;

import io.keysweep.classify.MemberFacts;
import io.keysweep.expire.InFlightChunk;
import io.keysweep.tally.SweepCounts;
import io.keysweep.tally.SweepTally;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Passes on the members of the dead-batch set whose batch hash is gone (they point at
 * nothing and only make Sidekiq's dead set slower), and counts the dead batches that
 * remain by age. After a chunk whose checkpoint did not commit, the members it removed
 * are gone from the set and never read again: once the whole set is read, the ones its
 * record holds and this execution did not meet are counted as that chunk would have
 * counted them.
 */
public class DeadSetProcessor implements ItemProcessor<MemberFacts, byte[]>, StepExecutionListener {

	static final String STALE = "stale-dead-batch";

	private static final long DAY = 86_400;

	private final SweepTally tally;

	private final Clock clock;

	private final InFlightChunk<byte[]> inFlight;

	/**
	 * @param inFlight the members an interrupted execution's last chunk removed without a
	 * checkpoint
	 */
	public DeadSetProcessor(SweepTally tally, Clock clock, InFlightChunk<byte[]> inFlight) {
		this.tally = tally;
		this.clock = clock;
		this.inFlight = inFlight;
	}

	@Override
	public byte[] process(MemberFacts facts) {
		// still in the set, so the lost chunk did not remove it: this execution counts it
		inFlight.claim(facts.member());
		if (!facts.batchExists()) {
			tally.counted(STALE, facts.member());
			return facts.member();
		}
		tally.counted(ageClass(facts.createdAt()), facts.member());
		return null;
	}

	/**
	 * Counts the lost chunk's members the set no longer held, into the context the step
	 * saves after its listeners, so the counts and the record's end are written at once.
	 */
	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (stepExecution.getStatus() == BatchStatus.COMPLETED) {
			inFlight.neverMet().forEach((keyClass, members) -> {
				tally.counted(keyClass, members);
				tally.add(SweepCounts.REMOVED, members);
			});
			tally.update(stepExecution.getExecutionContext());
		}
		return null;
	}

	private String ageClass(double createdAt) {
		if (Double.isNaN(createdAt)) {
			return "dead-batch-age-unknown";
		}
		long ageSeconds = clock.instant().getEpochSecond() - (long) createdAt;
		if (ageSeconds < 7 * DAY) {
			return "dead-batch-under-7d";
		}
		if (ageSeconds < 30 * DAY) {
			return "dead-batch-7d-to-30d";
		}
		return ageSeconds < 180 * DAY ? "dead-batch-30d-to-180d" : "dead-batch-over-180d";
	}

}
