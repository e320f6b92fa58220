package io.keysweep.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.keysweep.definition.AlertThresholds;
import io.keysweep.tally.SweepCounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Compares a completed sweep with its definition's alert thresholds and stores what it
 * crossed in the step's ExecutionContext. The run itself completes either way; the
 * command line turns a stored alert into exit code 3.
 */
public final class AlertCheck implements StepExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(AlertCheck.class);

	private final AlertThresholds thresholds;

	private final JobRepository jobRepository;

	private final Supplier<Stream<JobInstance>> earlierRuns;

	/**
	 * @param earlierRuns the runs of the job on the Redis this one sweeps, newest first:
	 * growth is measured against the same server only
	 */
	public AlertCheck(AlertThresholds thresholds, JobRepository jobRepository,
			Supplier<Stream<JobInstance>> earlierRuns) {
		this.thresholds = thresholds;
		this.jobRepository = jobRepository;
		this.earlierRuns = earlierRuns;
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		if (thresholds.isEmpty() || stepExecution.getStatus() != BatchStatus.COMPLETED) {
			return null;
		}
		SweepCounts counts = SweepCounts.from(stepExecution.getExecutionContext());
		List<Alert> crossed = new ArrayList<>();
		thresholds.over().forEach((keyClass, limit) -> {
			long found = counts.ofClass(keyClass);
			if (found > limit) {
				crossed.add(new Alert(keyClass + AlertThresholds.OVER_SUFFIX, limit, found, null));
			}
		});
		if (!thresholds.growthOver().isEmpty()) {
			StepExecution previous = previousCompleted(stepExecution.getJobExecution(), stepExecution.getStepName());
			if (previous != null) {
				SweepCounts before = SweepCounts.from(previous.getExecutionContext());
				thresholds.growthOver().forEach((keyClass, limit) -> {
					long growth = counts.ofClass(keyClass) - before.ofClass(keyClass);
					if (growth > limit) {
						crossed.add(new Alert(keyClass + AlertThresholds.GROWTH_OVER_SUFFIX, limit, growth,
								previous.getJobExecutionId()));
					}
				});
			}
		}
		Alert.writeTo(stepExecution.getExecutionContext(), crossed);
		crossed.forEach(alert -> log.warn("alert: {}", alert.describe()));
		return null;
	}

	/**
	 * The sweep step of the newest completed run of the same job on the same Redis, other
	 * than this one, that had a step of this name; null if none. On a cluster, a master's
	 * step is named for its slots, in a run of the whole cluster as in a fleet's run of
	 * that master alone: the step of the newest run that swept the master.
	 */
	private StepExecution previousCompleted(JobExecution current, String stepName) {
		return earlierRuns.get()
			.filter(instance -> instance.getInstanceId() != current.getJobInstance().getInstanceId())
			.flatMap(instance -> jobRepository.getJobExecutions(instance).stream())
			.filter(execution -> execution.getStatus() == BatchStatus.COMPLETED)
			.flatMap(execution -> execution.getStepExecutions()
				.stream()
				.filter(step -> step.getStepName().equals(stepName))
				.limit(1))
			.findFirst()
			.orElse(null);
	}

}
