package io.keysweep.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.keysweep.batch.AuditJobFactory;
import io.keysweep.batch.SweepParameters;
import io.keysweep.census.Census;
import io.keysweep.census.CensusWriter;
import io.keysweep.census.DeadBatchSet;
import io.keysweep.census.SidekiqBatches;
import io.keysweep.run.ExecutionHistory;
import io.keysweep.run.SweepResult;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

/**
 * Audits as the job repository holds them: the census in each step's ExecutionContext,
 * and, in the job's, what the audit concluded once its SCAN was over (the suspected leaks
 * under the thresholds it ran with, the dead-batch sets it read). The audit command and
 * the reports read audits back the same way, each compared with the previous audit of the
 * same Redis.
 */
@Component
public class AuditHistory {

	/** Audits looked through for the previous one of the same Redis and match. */
	private static final int PREVIOUS_AUDITS = 100;

	private static final String SUSPECTS = "audit.suspects";

	private static final String DEAD_SETS = "audit.dead-batch-sets";

	private final JobRepository jobRepository;

	private final ExecutionHistory history;

	public AuditHistory(JobRepository jobRepository, ExecutionHistory history) {
		this.jobRepository = jobRepository;
		this.history = history;
	}

	/**
	 * An audit that just ended, judged by the thresholds, its conclusions recorded in the
	 * job repository for the reports.
	 * @param deadSets the dead-batch sets read after its SCAN
	 */
	AuditResult record(SweepResult run, LeakThresholds thresholds, List<DeadBatchSet> deadSets) {
		JobExecution execution = history.get(run.execution().getId());
		Census census = AuditJobFactory.censusOf(execution);
		double audited = census == null ? 0 : census.estimatedBytes(census.total());
		AuditResult result = result(run, execution, deadSets, change -> thresholds.suspicion(change, audited));
		StringBuilder suspects = new StringBuilder();
		result.suspects().forEach((pattern, why) -> suspects.append(pattern).append('\t').append(why).append('\n'));
		ExecutionContext context = execution.getExecutionContext();
		context.putString(SUSPECTS, suspects.toString());
		context.putString(DEAD_SETS, DeadBatchSet.encode(deadSets));
		jobRepository.updateExecutionContext(execution);
		return result;
	}

	/**
	 * A past execution as an audit, with the suspects it recorded; empty when it is no
	 * audit or counted nothing.
	 */
	public Optional<AuditResult> of(JobExecution execution) {
		if (AuditJobFactory.censusOf(execution) == null) {
			return Optional.empty();
		}
		ExecutionContext context = execution.getExecutionContext();
		Map<String, String> suspects = new LinkedHashMap<>();
		if (context.containsKey(SUSPECTS)) {
			for (String line : context.getString(SUSPECTS).split("\n")) {
				int tab = line.indexOf('\t');
				if (tab > 0) {
					suspects.put(line.substring(0, tab), line.substring(tab + 1));
				}
			}
		}
		List<DeadBatchSet> deadSets = context.containsKey(DEAD_SETS) ? DeadBatchSet.decode(context.getString(DEAD_SETS))
				: List.of();
		return Optional.of(result(new SweepResult(execution, null), execution, deadSets,
				change -> suspects.get(change.pattern())));
	}

	private AuditResult result(SweepResult run, JobExecution execution, List<DeadBatchSet> deadSets,
			Function<PatternChange, String> suspicion) {
		Census census = AuditJobFactory.censusOf(execution);
		Optional<JobExecution> previous = previous(execution);
		SidekiqSection sidekiq = census == null ? null : SidekiqSection.of(batchesOf(execution), deadSets, census);
		return AuditResult.of(run, census, previous.map(JobExecution::getId).orElse(null),
				previous.map(AuditJobFactory::censusOf).orElse(null), sidekiq, suspicion);
	}

	/** The Sidekiq batches of an audit's steps, added up; null when none counted them. */
	private static SidekiqBatches batchesOf(JobExecution execution) {
		List<SidekiqBatches> parts = new ArrayList<>();
		execution.getStepExecutions().forEach(step -> {
			SidekiqBatches batches = CensusWriter.batchesFrom(step.getExecutionContext());
			if (batches != null) {
				parts.add(batches);
			}
		});
		return parts.isEmpty() ? null : SidekiqBatches.sum(parts);
	}

	/**
	 * The latest completed audit before this one, of the same job, Redis and match: the
	 * one its growth is measured from.
	 */
	Optional<JobExecution> previous(JobExecution current) {
		SweepParameters now = SweepParameters.from(current.getJobParameters());
		return jobRepository.getJobInstances(current.getJobInstance().getJobName(), 0, PREVIOUS_AUDITS)
			.stream()
			.filter(instance -> instance.getId() != current.getJobInstance().getId())
			.map(this::completed)
			.flatMap(Optional::stream)
			.filter(e -> e.getId() < current.getId())
			.filter(e -> {
				SweepParameters then = SweepParameters.from(e.getJobParameters());
				return now.redisEndpoint().equals(then.redisEndpoint())
						&& now.definition().get("match").equals(then.definition().get("match"));
			})
			.max(Comparator.comparingLong(JobExecution::getId))
			.map(e -> history.get(e.getId()));
	}

	private Optional<JobExecution> completed(JobInstance instance) {
		return jobRepository.getJobExecutions(instance)
			.stream()
			.filter(e -> e.getStatus() == BatchStatus.COMPLETED)
			.findFirst();
	}

}
