package io.keysweep.cli;

import java.io.PrintWriter;

import io.keysweep.audit.AuditResult;
import io.keysweep.audit.AuditRunner;
import io.keysweep.definition.JobDefinition;
import io.keysweep.notify.AuditNotice;
import io.keysweep.notify.Notice;
import io.keysweep.notify.RunNotice;
import io.keysweep.notify.Webhook;
import io.keysweep.report.RunRecord;
import io.keysweep.run.SweepResult;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How a sweep ended, for the operator: the summary (and metrics file, push and
 * notification), one line on stderr unless it completed, and the exit code. An audit's
 * job publishes its figures and notifies as a sweep does, and ends as
 * {@link AuditOutcome} says.
 */
final class SweepOutcome {

	private SweepOutcome() {
	}

	/**
	 * @param definition the job's definition, whose {@code notify} is told about a run
	 * that alerts or fails (an audit's that alerts on a suspected leak, or fails)
	 */
	static int report(SweepResult result, JobDefinition definition, ConfigurableApplicationContext context,
			CommandSpec spec, CommonOptions common, SweepOutputOptions output) throws Exception {
		if (definition.isAudit()) {
			// a job of kind: audit, run or resumed as a sweep is: its census is its
			// outcome
			AuditResult audit = context.getBean(AuditRunner.class).resultOf(result, definition.audit());
			RunRecord run = RunRecord.of(result.execution(), result.resumedFrom());
			output.publishFigures(run, context);
			notify(new AuditNotice(run, audit, definition.audit()), definition, context);
			return AuditOutcome.report(audit, definition.audit(), false, null, "keysweep resume " + definition.name(),
					spec, common);
		}
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		RunRecord run = output.publish(result.execution(), result.resumedFrom(), context, common, out);
		notify(new RunNotice(run), definition, context);
		String resume = "'keysweep resume " + run.job() + "'";
		return switch (result.ending()) {
			case COMPLETED -> run.alerts().isEmpty() ? ExitCodes.COMPLETED : ExitCodes.ALERT;
			case STOPPED -> {
				err.println(
						"keysweep: stopped at a chunk boundary with its checkpoint saved; " + resume + " continues it");
				yield ExitCodes.STOPPED;
			}
			case FAILED -> failed(result, common, out, err, resume);
		};
	}

	/**
	 * Tells the definition's {@code notify} about a run that warrants it. The webhook's
	 * URL comes from the environment variable the definition names (or a Spring property
	 * of that name).
	 */
	private static void notify(Notice notice, JobDefinition definition, ConfigurableApplicationContext context) {
		Webhook.notifyIfWarranted(notice, definition.notification(), context.getEnvironment()::getProperty);
	}

	/**
	 * A failed run (a sweep's or an audit's): the cause on stderr, how to continue it on
	 * stdout.
	 * @param resume the command that continues it, quoted
	 */
	static int failed(SweepResult result, CommonOptions common, PrintWriter out, PrintWriter err, String resume) {
		Throwable failure = result.failure();
		if (failure == null) {
			err.println("keysweep: the run ended " + result.execution().getStatus());
		}
		else {
			Failures.print(err, failure, common.verbose);
		}
		out.println("Once the cause is fixed, " + resume + " continues it from its checkpoint.");
		// a permission the ACL user lacks is the operator's to fix, like wrong
		// credentials at the start
		return failure == null ? ExitCodes.FAILED : Failures.exitCode(failure);
	}

}
