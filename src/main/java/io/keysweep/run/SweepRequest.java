package io.keysweep.run;

import java.time.Duration;
import java.util.List;

import io.keysweep.definition.JobDefinition;
import org.springframework.batch.core.listener.StepListener;

/**
 * What a command asks of {@link SweepRunner}: which job, how, and what watches it. Built
 * from {@link #of} and named {@code with...} steps, so that a call site says what each
 * setting is.
 *
 * @param definition the job's definition as it is now
 * @param rate the command line's {@code --rate}, or null: a new run takes the
 * definition's, a resume the one its run was given
 * @param dryRun a new run writes nothing to Redis (a resume keeps its run's; an audit
 * never writes)
 * @param limit keys a new run reads at the most; 0 to take the definition's (a resume
 * keeps its run's)
 * @param restartFromScratch a new run abandons the job's unfinished execution instead of
 * refusing to start
 * @param force a resume continues even though the definition's settings changed since its
 * run started
 * @param stop asks the sweep to stop at its next chunk boundary
 * @param listeners extra step listeners, e.g. to show progress
 * @param doneWithin a new run is not started when the job completed on this Redis this
 * long ago or less (workers of a fleet: another did it tonight); null to run regardless
 * @param masterSlots a new run sweeps only the master of a Redis Cluster that owns these
 * slots, as a part of a fleet's night of its own (its own lock, history and "done"); null
 * for the whole Redis
 */
public record SweepRequest(JobDefinition definition, Long rate, boolean dryRun, long limit, boolean restartFromScratch,
		boolean force, StopRequest stop, List<StepListener> listeners, Duration doneWithin, String masterSlots) {

	public static SweepRequest of(JobDefinition definition, StopRequest stop, StepListener... listeners) {
		return new SweepRequest(definition, null, false, 0, false, false, stop, List.of(listeners), null, null);
	}

	public SweepRequest withDoneWithin(Duration window) {
		return new SweepRequest(definition, rate, dryRun, limit, restartFromScratch, force, stop, listeners, window,
				masterSlots);
	}

	public SweepRequest ofMaster(String slots) {
		return new SweepRequest(definition, rate, dryRun, limit, restartFromScratch, force, stop, listeners, doneWithin,
				slots);
	}

	public SweepRequest withRate(Long keysPerSecond) {
		return new SweepRequest(definition, keysPerSecond, dryRun, limit, restartFromScratch, force, stop, listeners,
				doneWithin, masterSlots);
	}

	public SweepRequest withDryRun(boolean writeNothing) {
		return new SweepRequest(definition, rate, writeNothing, limit, restartFromScratch, force, stop, listeners,
				doneWithin, masterSlots);
	}

	public SweepRequest withLimit(long keys) {
		return new SweepRequest(definition, rate, dryRun, keys, restartFromScratch, force, stop, listeners, doneWithin,
				masterSlots);
	}

	public SweepRequest withRestartFromScratch(boolean abandonUnfinished) {
		return new SweepRequest(definition, rate, dryRun, limit, abandonUnfinished, force, stop, listeners, doneWithin,
				masterSlots);
	}

	public SweepRequest withForce(boolean acceptChangedDefinition) {
		return new SweepRequest(definition, rate, dryRun, limit, restartFromScratch, acceptChangedDefinition, stop,
				listeners, doneWithin, masterSlots);
	}

	/** Whether a new run writes nothing to Redis: always, for an audit. */
	@Override
	public boolean dryRun() {
		return dryRun || definition.isAudit();
	}

	/** The definition held to the given rate, when there is one. */
	JobDefinition heldTo(Long keysPerSecond) {
		return keysPerSecond == null ? definition : definition.withRate(keysPerSecond);
	}
}
