package io.keysweep.definition;

/**
 * A job definition's {@code notify}: where to post a short message when a run crosses an
 * alert threshold (an audit's: suspects a leak, with {@code alert} on) or fails. The
 * webhook's URL is a secret (a Slack webhook URL is its own credential), so the file
 * names only the environment variable that holds it.
 *
 * @param urlEnv the environment variable holding the webhook URL
 * @param format the body's shape
 */
public record Notify(String urlEnv, Format format) {

	/** The body of the POST. */
	public enum Format {

		/**
		 * {@code {"text": "..."}}: Slack's incoming webhooks, and the many that copy
		 * them.
		 */
		SLACK("slack"),
		/**
		 * The run's job, target, status and findings (a sweep's counts and alerts, an
		 * audit's suspected leaks) as fields of their own.
		 */
		JSON("json");

		private final String field;

		Format(String field) {
			this.field = field;
		}

		/** As a definition writes it. */
		public String field() {
			return field;
		}

	}

}
