package io.keysweep.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.Schedule;
import io.keysweep.run.TargetExecutions;
import io.keysweep.run.StopRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's loop: runs each job at its schedule's fire times, one job at a time, until
 * asked to stop. A job is never started while it runs here: its next fire time is counted
 * from the end of its run, so windows that pass while it runs are dropped, not queued.
 * Other hosts are kept out by the job's lock in Redis, which the turn takes.
 */
public final class Scheduler {

	private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

	private static final Duration POLL = Duration.ofMillis(200);

	/**
	 * Runs one job to its end (or until the stop request stops it) and returns its exit
	 * code.
	 */
	public interface Turn {

		int take(JobDefinition definition);

	}

	/** Waits until the clock shows the instant, or less when a stop is requested. */
	public interface Pause {

		void until(Instant when) throws InterruptedException;

	}

	private final List<JobDefinition> jobs;

	private final Clock clock;

	private final Pause pause;

	private final StopRequest stop;

	private final TargetExecutions history;

	/**
	 * @param jobs the jobs to run; each has a schedule
	 */
	public Scheduler(List<JobDefinition> jobs, Clock clock, Pause pause, StopRequest stop, TargetExecutions history) {
		this.jobs = List.copyOf(jobs);
		this.clock = clock;
		this.pause = pause;
		this.stop = stop;
		this.history = history;
	}

	/** A pause that sleeps, a little at a time so that a stop request ends it soon. */
	public static Pause sleeping(Clock clock, StopRequest stop) {
		return when -> {
			for (Instant now = clock.instant(); now.isBefore(when) && !stop.isRequested(); now = clock.instant()) {
				Thread.sleep(Math.min(Duration.between(now, when).toMillis() + 1, POLL.toMillis()));
			}
		};
	}

	/** Runs jobs until a stop is requested, or until no schedule fires again. */
	public void run(Turn turn) throws InterruptedException {
		Map<JobDefinition, Instant> next = new LinkedHashMap<>();
		for (JobDefinition job : jobs) {
			Instant first = firstFire(job);
			log.info("job '{}': schedule {}, next at {}", job.name(), job.schedule().describe(), at(first, job));
			next.put(job, first);
		}
		while (!stop.isRequested()) {
			Optional<Map.Entry<JobDefinition, Instant>> earliest = next.entrySet()
				.stream()
				.filter(e -> e.getValue() != null)
				.min(Map.Entry.comparingByValue());
			if (earliest.isEmpty()) {
				log.info("no schedule fires again; exiting");
				return;
			}
			JobDefinition job = earliest.get().getKey();
			Instant fireTime = earliest.get().getValue();
			if (clock.instant().isBefore(fireTime)) {
				pause.until(fireTime);
				continue;
			}
			log.info("job '{}': starting (fire time {})", job.name(), at(fireTime, job));
			int exitCode = turn.take(job);
			Instant end = clock.instant();
			Instant following = job.schedule().next(end);
			Instant dropped = job.schedule().next(fireTime);
			if (dropped != null && dropped.isBefore(end)) {
				log.info("job '{}': fire time {} passed while it ran; not started again", job.name(), at(dropped, job));
			}
			log.info("job '{}': ended with exit code {}; next at {}", job.name(), exitCode, at(following, job));
			next.put(job, following);
		}
	}

	/**
	 * The next fire time; or now when {@code missed: run-once} and a window passed since
	 * the job last started.
	 */
	private Instant firstFire(JobDefinition job) {
		Schedule schedule = job.schedule();
		Instant now = clock.instant();
		if (schedule.missed() == Schedule.Missed.RUN_ONCE) {
			Optional<Instant> missed = lastStart(job).map(schedule::next).filter(t -> !t.isAfter(now));
			if (missed.isPresent()) {
				log.info("job '{}': missed its window at {} (missed: run-once): running it once now", job.name(),
						at(missed.get(), job));
				return now;
			}
		}
		return schedule.next(now);
	}

	private Optional<Instant> lastStart(JobDefinition job) {
		// the job repository keeps local times of the machine that wrote them
		return history.latest(job.name())
			.map(e -> e.getStartTime() != null ? e.getStartTime() : e.getCreateTime())
			.map(t -> t.atZone(ZoneId.systemDefault()).toInstant());
	}

	private static String at(Instant instant, JobDefinition job) {
		return instant == null ? "never"
				: instant.atZone(job.schedule().zone()).truncatedTo(ChronoUnit.SECONDS).toString();
	}

}
