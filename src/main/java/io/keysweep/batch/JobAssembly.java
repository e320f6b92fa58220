package io.keysweep.batch;

import io.keysweep.definition.JobDefinition;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.listener.StepListener;

/**
 * Builds the Spring Batch job of one run: a sweep ({@link SweepJobFactory}) or an audit
 * ({@link AuditJobFactory}). The runner starts, resumes and locks either the same way.
 */
@FunctionalInterface
public interface JobAssembly {

	Job create(JobDefinition definition, SweepParameters parameters, StepListener... listeners);

}
