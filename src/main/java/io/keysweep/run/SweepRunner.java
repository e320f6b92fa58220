package io.keysweep.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.keysweep.batch.AuditJobFactory;
import io.keysweep.batch.JobAssembly;
import io.keysweep.batch.SweepJobFactory;
import io.keysweep.batch.SweepParameters;
import io.keysweep.definition.JobDefinition;
import io.keysweep.lock.Lease;
import io.keysweep.lock.LockHeldException;
import io.keysweep.lock.SweepLock;
import io.keysweep.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.StepListener;
import org.springframework.stereotype.Component;

import static io.keysweep.run.ExecutionHistory.describe;

/**
 * Starts and resumes sweeps, and audits the same way (their job built by
 * {@link AuditJobFactory}, always as a dry run). Checks Redis first, so a sweep that
 * cannot work leaves no trace, then holds the job's lock in Redis for the whole sweep.
 * Holding the lock is also what proves that an execution the job repository still shows
 * as running has no living owner: its process would be renewing the lock.
 */
@Component
public class SweepRunner {

	private static final Logger log = LoggerFactory.getLogger(SweepRunner.class);

	private final JobOperator jobOperator;

	private final SweepJobFactory sweeps;

	private final AuditJobFactory audits;

	private final RedisConnector redis;

	private final SweepLock lock;

	private final ExecutionHistory history;

	private final TargetExecutions onTarget;

	SweepRunner(JobOperator jobOperator, SweepJobFactory sweeps, AuditJobFactory audits, RedisConnector redis,
			SweepLock lock, ExecutionHistory history, TargetExecutions onTarget) {
		this.jobOperator = jobOperator;
		this.sweeps = sweeps;
		this.audits = audits;
		this.redis = redis;
		this.lock = lock;
		this.history = history;
		this.onTarget = onTarget;
	}

	/**
	 * Runs a new sweep (a new job instance) to its end, or until it is stopped: the
	 * request's definition, held to its rate, dry run and limit.
	 * @throws RefusedException when the job's latest execution is unfinished
	 * @throws LockHeldException when another process sweeps the job
	 * @throws io.keysweep.redis.RedisAccessException when Redis cannot be reached or
	 * refuses the credentials
	 */
	public SweepResult run(SweepRequest request) throws Exception {
		if (request.definition().isAudit() && request.limit() != 0) {
			throw new RefusedException("job '" + request.definition().name() + "' is an audit, which counts every key "
					+ "of its match: --limit is for sweeps");
		}
		JobDefinition definition = request.heldTo(request.rate());
		redis.probe();
		try (Lease lease = lock.acquire(definition.name(), request.masterSlots(), request.dryRun())) {
			// asked under the lock: a worker that has just finished the job released it
			// after its run was recorded
			Optional<SweepResult> done = doneAlready(definition.name(), request.masterSlots(), request);
			if (done.isPresent()) {
				return done.get();
			}
			Optional<JobExecution> unfinished = onTarget.latest(definition.name(), request.masterSlots())
				.filter(ExecutionHistory::isUnfinished);
			if (unfinished.isPresent()) {
				if (!request.restartFromScratch()) {
					throw new RefusedException(describe(unfinished.get()) + " is unfinished: continue it with "
							+ "'keysweep resume " + definition.name() + "', or start over with 'keysweep run "
							+ definition.name() + " --restart-from-scratch', which marks it abandoned");
				}
				abandon(unfinished.get(), lease);
			}
			SweepParameters parameters = SweepParameters
				.newRun(definition, request.dryRun(), request.limit(), redis.target())
				.ofMaster(request.masterSlots())
				.heldTo(request.rate());
			return new SweepResult(launch(definition, parameters, lease, request), null);
		}
	}

	/**
	 * Continues an unfinished execution from its checkpoint, as a new execution of the
	 * same job instance, with its run's dry run and limit, and the rate its run was given
	 * unless the request gives another.
	 * @throws RefusedException when the execution swept another Redis, cannot be
	 * restarted, or its definition changed (unless the request forces it); or when it
	 * shows as running and another process holds the job's lock: its owner may be alive
	 * @throws LockHeldException when another process sweeps the job
	 */
	public SweepResult resume(JobExecution unfinished, SweepRequest request) throws Exception {
		JobDefinition definition = request.definition();
		SweepParameters recorded = SweepParameters.from(unfinished.getJobParameters());
		requireSameRedis(unfinished, recorded);
		if (unfinished.getStatus() == BatchStatus.UNKNOWN) {
			throw new RefusedException(describe(unfinished) + " ended in a state Spring Batch could not roll back "
					+ "and cannot be resumed: start over with 'keysweep run " + definition.name()
					+ " --restart-from-scratch'");
		}
		checkDefinition(unfinished, recorded, definition, request.force());
		redis.probe();
		try (Lease lease = acquireToResume(unfinished, recorded)) {
			// a worker of a fleet that found the run unfinished (another worker's, just
			// ending) before the lock was its own finds it done
			Optional<SweepResult> done = doneAlready(definition.name(), recorded.masterSlots(), request);
			if (done.isPresent()) {
				return done.get();
			}
			// read it again: until the lock was ours, another process could have been
			// running it
			JobExecution current = history.latestOfRun(unfinished);
			if (!ExecutionHistory.isUnfinished(current)) {
				throw new RefusedException("nothing left to resume: " + describe(current));
			}
			if (current.isRunning()) {
				recoverFromDeadOwner(current, lease);
			}
			// a run held to a rate at the command line is held to it to its end: a
			// night's rate is a promise
			Long rate = request.rate() != null ? request.rate() : recorded.rate();
			log.info("Resuming {} from its checkpoint{}", describe(current),
					rate == null ? "" : ", at " + rate + " keys/s at the most");
			SweepParameters parameters = recorded.continuedWith(definition).heldTo(rate);
			return new SweepResult(launch(request.heldTo(rate), parameters, lease, request), unfinished.getId());
		}
	}

	/**
	 * The run a worker of a fleet finds done within the request's window (see
	 * {@link TargetExecutions#completedWithin}), as the result of this turn; asked under
	 * the lock.
	 */
	private Optional<SweepResult> doneAlready(String job, String masterSlots, SweepRequest request) {
		return onTarget.completedWithin(job, masterSlots, request.doneWithin())
			.map(done -> new SweepResult(done, null, true));
	}

	private Lease acquireToResume(JobExecution unfinished, SweepParameters recorded) {
		try {
			return lock.acquire(unfinished.getJobInstance().getJobName(), recorded.masterSlots(), recorded.dryRun());
		}
		catch (LockHeldException held) {
			if (!unfinished.isRunning()) {
				throw held;
			}
			throw new RefusedException("cannot prove that the process running " + describe(unfinished)
					+ " is gone, so it is not resumed: " + held.getMessage(), held);
		}
	}

	private void checkDefinition(JobExecution unfinished, SweepParameters recorded, JobDefinition definition,
			boolean force) {
		if (definition.checksum().equals(recorded.definitionChecksum())) {
			return;
		}
		List<String> changes = definition.changesSince(recorded.definition());
		if (changes.isEmpty()) {
			log.warn("The definition of job '{}' changed since {} started, but none of its settings did; resuming",
					definition.name(), describe(unfinished));
		}
		else if (force) {
			log.warn("Resuming {} under the changed definition (--force): {}", describe(unfinished),
					String.join(", ", changes));
		}
		else {
			throw new RefusedException("the definition of job '" + definition.name() + "' changed since "
					+ describe(unfinished) + " started: " + String.join(", ", changes)
					+ "; resume with --force to continue under the new definition, or start over with 'keysweep run "
					+ definition.name() + " --restart-from-scratch'");
		}
	}

	private void abandon(JobExecution unfinished, Lease lease) throws Exception {
		if (unfinished.isRunning()) {
			requireSameRedis(unfinished, SweepParameters.from(unfinished.getJobParameters()));
			recoverFromDeadOwner(unfinished, lease);
		}
		jobOperator.abandon(unfinished);
		log.warn("Abandoned {}; starting over", describe(unfinished));
	}

	/**
	 * With the job's lock held, nobody else can be running the execution; without it,
	 * nothing proves that.
	 */
	private void recoverFromDeadOwner(JobExecution execution, Lease lease) {
		if (!lease.held()) {
			throw new RefusedException(describe(execution) + " shows as running, and a dry run against a replica "
					+ "holds no lock to prove its process gone: run it against the master, or once that process ended");
		}
		log.warn("{} was left running by a process that no longer holds the lock of job '{}': that process is gone; "
				+ "marking the execution FAILED", describe(execution), execution.getJobInstance().getJobName());
		jobOperator.recover(execution);
	}

	/**
	 * The lock that proves an execution's owner dead, and its SCAN cursor, both belong to
	 * the Redis it swept.
	 */
	private void requireSameRedis(JobExecution execution, SweepParameters recorded) {
		String here = redis.target();
		if (!here.equals(recorded.redisEndpoint())) {
			throw new RefusedException(describe(execution) + " swept Redis at " + recorded.redisEndpoint() + ", not "
					+ here + ": give --redis-url (or --target) for " + recorded.redisEndpoint());
		}
	}

	private JobExecution launch(JobDefinition definition, SweepParameters parameters, Lease lease, SweepRequest request)
			throws Exception {
		List<StepListener> all = new ArrayList<>(request.listeners());
		all.add(new ChunkBoundaryStop(request.stop(), lease));
		JobAssembly assembly = definition.isAudit() ? audits : sweeps;
		return jobOperator.start(assembly.create(definition, parameters, all.toArray(StepListener[]::new)),
				parameters.toJobParameters());
	}

}
