package io.keysweep.cli;

import java.util.concurrent.Callable;

import io.keysweep.job.JobDefinition;
import io.keysweep.job.JobDefinitions;
import io.keysweep.report.RunRecord;
import io.keysweep.run.SweepRunner;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", description = "Run a sweep: give every leaked key of the job's pattern its expiry.")
final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "<job>", description = "The job: a file in the jobs directory, without .yml.")
    String job;

    @Option(names = "--dry-run", description = "Write nothing to Redis; report what would be expired.")
    boolean dryRun;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N keys (default: the definition's limit, else none).")
    long limit;

    @Mixin
    CommonOptions common;

    @Mixin
    SweepOutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must not be negative");
        }
        output.check();
        JobDefinition definition = new JobDefinitions(common.jobsDir).load(job);
        try (ConfigurableApplicationContext context = KeysweepContext.open(common)) {
            JobExecution execution = context.getBean(SweepRunner.class).run(definition, dryRun, limit,
                    output.progress(context, definition));
            RunRecord run = output.publish(execution, common, spec.commandLine().getOut());
            return exitCode(execution, run);
        }
    }

    private int exitCode(JobExecution execution, RunRecord run) {
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            return run.alerts().isEmpty() ? ExitCodes.COMPLETED : ExitCodes.ALERT;
        }
        execution.getAllFailureExceptions().stream().findFirst()
                .ifPresent(e -> Failures.print(spec.commandLine().getErr(), e, common.verbose));
        return execution.getStatus() == BatchStatus.STOPPED ? ExitCodes.STOPPED : ExitCodes.FAILED;
    }
}
