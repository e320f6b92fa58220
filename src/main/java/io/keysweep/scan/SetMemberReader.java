package io.keysweep.scan;

import io.keysweep.classify.MemberFacts;
import io.keysweep.redis.RedisConnector;
import io.keysweep.throttle.CommandBudget;
import io.keysweep.throttle.KeyRate;
import io.keysweep.throttle.LatencyGuard;

/**
 * Reads the members of a set of bids with SSCAN, each page looked up in one pipeline
 * ({@link SetMemberPages}). Restartable from the page it was in, like the key scan.
 */
public class SetMemberReader extends CursorPageReader<MemberFacts> {

	/**
	 * @param setKey the set, e.g. {@code batch-died}
	 * @param batchPrefix what comes before a bid in its batch hash's name, e.g.
	 * {@code b-}
	 */
	public SetMemberReader(RedisConnector redis, byte[] setKey, byte[] batchPrefix, CommandBudget budget, KeyRate rate,
			LatencyGuard latency) {
		super(redis, new SetMemberPages(redis, setKey, batchPrefix, budget), 0, rate, latency);
	}

}
