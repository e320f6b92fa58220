package io.keysweep.batch;

import java.time.Clock;

import io.keysweep.classify.MemberFacts;
import io.keysweep.tally.SweepTally;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Passes on the members of the dead-batch set whose batch hash is gone (they point at
 * nothing and only make Sidekiq's dead set slower), and counts the dead batches that
 * remain by age.
 */
public class DeadSetProcessor implements ItemProcessor<MemberFacts, byte[]> {

	static final String STALE = "stale-dead-batch";

	private static final long DAY = 86_400;

	private final SweepTally tally;

	private final Clock clock;

	public DeadSetProcessor(SweepTally tally, Clock clock) {
		this.tally = tally;
		this.clock = clock;
	}

	@Override
	public byte[] process(MemberFacts facts) {
		if (!facts.batchExists()) {
			tally.counted(STALE, facts.member());
			return facts.member();
		}
		tally.counted(ageClass(facts.createdAt()), facts.member());
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
