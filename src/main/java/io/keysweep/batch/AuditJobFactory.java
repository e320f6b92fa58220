package io.keysweep.batch;

import java.util.ArrayList;
import java.util.List;

import io.keysweep.census.Census;
import io.keysweep.census.CensusWriter;
import io.keysweep.census.TtlClassifier;
import io.keysweep.definition.JobDefinition;
import io.keysweep.redis.RedisConnector;
import io.keysweep.scan.ScanItemReader;
import io.keysweep.tally.SweepTally;
import io.keysweep.throttle.KeyRate;
import io.keysweep.throttle.LatencyGuard;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.StepListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Assembles an audit: one read-only chunk step (one per master of a cluster) that reads
 * the keyspace as a sweep does, with the same pipelined lookups, rate and latency guard,
 * and counts every key into a census committed with each chunk.
 */
@Component
public class AuditJobFactory implements JobAssembly {

	/** The name of an audit's step. */
	public static final String STEP = "audit";

	private final SweepJobFactory sweeps;

	private final JobRepository jobRepository;

	private final RedisConnector redis;

	private final int threads;

	AuditJobFactory(SweepJobFactory sweeps, JobRepository jobRepository, RedisConnector redis,
			@Value("${keysweep.threads:0}") int threads) {
		this.sweeps = sweeps;
		this.jobRepository = jobRepository;
		this.redis = redis;
		this.threads = threads;
	}

	/** The job of an audit: it measures what the definition's {@code audit} says. */
	@Override
	public Job create(JobDefinition definition, SweepParameters parameters, StepListener... listeners) {
		KeyRate rate = KeyRate.of(definition.pacing().rate());
		JobDefinition.Audit audit = definition.audit();
		Step step = redis.cluster() == null ? auditStep(STEP, redis, definition, audit, rate, listeners)
				: MasterPartitions.step(STEP, jobRepository, redis, threads, null,
						(name, node) -> auditStep(name, node, definition, audit, rate, listeners));
		return new JobBuilder(definition.name(), jobRepository).listener(new LogContext()).start(step).build();
	}

	private Step auditStep(String name, RedisConnector redis, JobDefinition definition, JobDefinition.Audit audit,
			KeyRate rate, StepListener... listeners) {
		SweepTally tally = new SweepTally();
		LatencyGuard latency = new LatencyGuard(definition.pacing().maxLatency());
		TtlClassifier classifier = new TtlClassifier(audit.idle());
		return sweeps.chunkStep(name, definition, tally, latency, listeners,
				new ScanItemReader(redis, definition.scan().match(), SweepJobFactory.budget(definition), null,
						classifier, 0, rate, latency, audit.sample()),
				new AuditProcessor(classifier, tally), new CensusWriter(audit.patterns()));
	}

	/**
	 * The census of an audit's execution: the sum of its steps' (one per master of a
	 * cluster), as far as they got; null when no step committed one.
	 */
	public static Census censusOf(JobExecution execution) {
		List<Census> parts = new ArrayList<>();
		for (StepExecution step : execution.getStepExecutions()) {
			Census census = CensusWriter.from(step.getExecutionContext());
			if (census != null) {
				parts.add(census);
			}
		}
		return parts.isEmpty() ? null : Census.sum(parts);
	}

}
