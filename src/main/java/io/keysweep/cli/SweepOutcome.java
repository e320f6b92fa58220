package io.keysweep.cli;

import java.io.PrintWriter;

import io.keysweep.report.RunSummary;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Model.CommandSpec;

/** How a sweep ended, for the operator: the summary, one line on stderr unless it completed, and the exit code. */
final class SweepOutcome {

    private SweepOutcome() {
    }

    static int report(JobExecution execution, CommandSpec spec, boolean verbose) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.println(RunSummary.of(execution));
        String resume = "'keysweep resume " + execution.getJobInstance().getJobName() + "'";
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            return ExitCodes.COMPLETED;
        }
        if (execution.getStatus() == BatchStatus.STOPPED) {
            err.println("keysweep: stopped at a chunk boundary with its checkpoint saved; " + resume + " continues it");
            return ExitCodes.STOPPED;
        }
        execution.getAllFailureExceptions().stream().findFirst()
                .ifPresentOrElse(e -> Failures.print(err, e, verbose),
                        () -> err.println("keysweep: the sweep ended " + execution.getStatus()));
        out.println("Once the cause is fixed, " + resume + " continues it from its checkpoint.");
        return ExitCodes.FAILED;
    }
}
