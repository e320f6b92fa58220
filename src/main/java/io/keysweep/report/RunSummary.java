package io.keysweep.report;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.stream.Collectors;

import io.keysweep.classify.Verdict;
import io.keysweep.tally.SweepCounts;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/** The summary printed at the end of a run, from what the job repository holds for its execution. */
public final class RunSummary {

    private RunSummary() {
    }

    public static String of(JobExecution execution) {
        SweepCounts counts = counts(execution);
        double seconds = seconds(execution.getStartTime(), execution.getEndTime());
        long scanned = counts.total(SweepCounts.SCANNED);
        String classes = counts.classes().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        StringBuilder out = new StringBuilder();
        out.append(execution.getJobInstance().getJobName()).append(": ").append(execution.getStatus())
                .append(" (execution ").append(execution.getId())
                .append(Boolean.parseBoolean(execution.getJobParameters().getString("dry-run", "false")) ? ", dry run" : "")
                .append(")\n");
        out.append(String.format("  keys scanned %d, matching %d%n", scanned, counts.total(SweepCounts.MATCHING)));
        out.append("  classes: ").append(classes.isEmpty() ? "none" : classes).append('\n');
        out.append(String.format("  expired %d, would expire %d, already had a TTL %d, vanished %d, changed meanwhile %d%n",
                counts.total(SweepCounts.EXPIRED), counts.total(SweepCounts.WOULD_EXPIRE),
                counts.ofClass(Verdict.HAS_TTL), counts.ofClass(Verdict.VANISHED), counts.total(SweepCounts.CHANGED_MEANWHILE)));
        out.append(String.format("  elapsed %.2f s, %d keys/s", seconds, seconds > 0 ? Math.round(scanned / seconds) : scanned));
        return out.toString();
    }

    /** The figures of all the execution's steps added up; empty when the job failed before a step began. */
    public static SweepCounts counts(JobExecution execution) {
        return execution.getStepExecutions().stream()
                .map(StepExecution::getExecutionContext)
                .map(SweepCounts::from)
                .reduce(SweepCounts::plus)
                .orElseGet(() -> new SweepCounts(Map.of(), Map.of(), Map.of()));
    }

    private static double seconds(LocalDateTime start, LocalDateTime end) {
        if (start == null) {
            return 0;
        }
        return Duration.between(start, end == null ? LocalDateTime.now() : end).toNanos() / 1e9;
    }
}
