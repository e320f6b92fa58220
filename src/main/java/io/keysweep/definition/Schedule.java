package io.keysweep.definition;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.springframework.scheduling.support.CronExpression;

/**
 * When the daemon runs a job: a Spring cron expression (six fields, seconds first) read
 * in a time zone, and what to do about a window that passed while no daemon was running.
 *
 * @param expression the cron expression as written in the definition
 * @param zone the zone the expression's hours are in
 */
public record Schedule(String expression, CronExpression cron, ZoneId zone, Missed missed) {

	/**
	 * What the daemon does on start-up when a fire time passed since the job last ran.
	 */
	public enum Missed {

		/** Run the job once, at once. */
		RUN_ONCE("run-once"),
		/** Wait for the next fire time. */
		SKIP("skip");

		private final String field;

		Missed(String field) {
			this.field = field;
		}

		public String field() {
			return field;
		}

	}

	/**
	 * The first fire time strictly after the instant; null when the expression never
	 * fires again.
	 */
	public Instant next(Instant after) {
		ZonedDateTime next = cron.next(after.atZone(zone));
		return next == null ? null : next.toInstant();
	}

	/** E.g. {@code 0 0 3 * * * Europe/Berlin}. */
	public String describe() {
		return expression + " " + zone.getId();
	}
}
