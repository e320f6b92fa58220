package io.keysweep.pattern;

import java.util.regex.Pattern;

/**
 * Patterns of keys that an application keeps without a TTL by design, so that an audit
 * never suspects them of a leak nor suggests giving them one: Sidekiq's own structures
 * (its queues, the scheduled, retry and dead sets, the process set, the all-time
 * counters, Sidekiq Pro's batch index and dead-batch set), with or without a
 * redis-namespace prefix. Giving a queue a TTL would drop its jobs when it expired.
 */
public final class KeptWithoutTtl {

	private static final Pattern SIDEKIQ = Pattern.compile(
			"([^*]+:)?(queues|queue:.+|schedule|retry|dead|processes|stat:processed|stat:failed|batches|batch-died)");

	private KeptWithoutTtl() {
	}

	/**
	 * Whether keys of this pattern (as {@link KeyPattern} names it) live without a TTL by
	 * design.
	 */
	public static boolean byDesign(String pattern) {
		return SIDEKIQ.matcher(pattern).matches();
	}

}
