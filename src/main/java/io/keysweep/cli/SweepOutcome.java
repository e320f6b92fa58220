package io.keysweep.cli;

import java.io.PrintWriter;

import io.keysweep.report.RunRecord;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How a sweep ended, for the operator: the summary (and metrics file), one line on stderr unless it completed,
 * and the exit code.
 */
final class SweepOutcome {

    private SweepOutcome() {
    }

    /** @param resumedFrom the execution this one continued, or null for a new run */
    static int report(JobExecution execution, Long resumedFrom, CommandSpec spec, CommonOptions common,
                      SweepOutputOptions output) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunRecord run = output.publish(execution, resumedFrom, common, out);
        String resume = "'keysweep resume " + execution.getJobInstance().getJobName() + "'";
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            return run.alerts().isEmpty() ? ExitCodes.COMPLETED : ExitCodes.ALERT;
        }
        if (execution.getStatus() == BatchStatus.STOPPED) {
            err.println("keysweep: stopped at a chunk boundary with its checkpoint saved; " + resume + " continues it");
            return ExitCodes.STOPPED;
        }
        Throwable failure = execution.getAllFailureExceptions().stream().findFirst().orElse(null);
        if (failure == null) {
            err.println("keysweep: the sweep ended " + execution.getStatus());
        } else {
            Failures.print(err, failure, common.verbose);
        }
        out.println("Once the cause is fixed, " + resume + " continues it from its checkpoint.");
        // a permission the ACL user lacks is the operator's to fix, like wrong credentials at the start
        return failure == null ? ExitCodes.FAILED : Failures.exitCode(failure);
    }
}
