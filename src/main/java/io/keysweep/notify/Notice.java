package io.keysweep.notify;

import io.keysweep.definition.Notify;

/**
 * A message about one run of a job, for its {@code notify}: a sweep's ({@link RunNotice})
 * or an audit's ({@link AuditNotice}). {@link Webhook} posts any of them the same way.
 */
public interface Notice {

	/** The job the run belongs to: what the webhook's log lines name. */
	String job();

	/** Whether the run is one to tell somebody about. */
	boolean warranted();

	/** The POST body in the definition's format. */
	String body(Notify.Format format);

}
