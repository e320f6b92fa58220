package io.keysweep.cli;

import java.util.concurrent.Callable;

import io.keysweep.job.JobDefinition;
import io.keysweep.job.JobDefinitions;
import io.keysweep.run.SweepRunner;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", description = "Run a sweep: give every leaked key of the job's pattern its expiry. Refuses "
        + "while the job's latest execution is unfinished (resume it, or --restart-from-scratch).")
final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "<job>", description = "The job: a file in the jobs directory, without .yml.")
    String job;

    @Option(names = "--dry-run", description = "Write nothing to Redis; report what would be expired.")
    boolean dryRun;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N keys (default: the definition's limit, else none).")
    long limit;

    @Option(names = "--restart-from-scratch",
            description = "When the job's latest execution is unfinished, mark it abandoned and start a new sweep "
                    + "from cursor 0, instead of refusing.")
    boolean restartFromScratch;

    @Mixin
    RateOption rate;

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
        JobDefinition definition = rate.apply(new JobDefinitions(common.jobsDir).load(job));
        try (ConfigurableApplicationContext context = KeysweepContext.open(common);
             SignalTrap signals = SignalTrap.install(spec.commandLine().getErr())) {
            JobExecution execution = context.getBean(SweepRunner.class).run(definition, dryRun, limit,
                    restartFromScratch, signals.stopRequest(), output.progress(context, definition));
            return SweepOutcome.report(execution, null, spec, common, output);
        }
    }
}
