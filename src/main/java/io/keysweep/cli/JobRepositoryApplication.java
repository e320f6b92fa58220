package io.keysweep.cli;

import io.keysweep.audit.AuditHistory;
import io.keysweep.batch.TargetRuns;
import io.keysweep.report.RunHistory;
import io.keysweep.run.ExecutionHistory;
import io.keysweep.run.JobRepositoryConfiguration;
import io.keysweep.run.SweepStopper;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What {@code jobs}, {@code report} and {@code stop} start when the operator configures
 * Spring Boot itself (see {@link KeysweepContext#readRepository}): the job repository's
 * data source, Spring Batch's JDBC job repository and operator, and keysweep's views of
 * them, which know runs by job and Redis target, with the auto-configurations these
 * import. Nothing of Redis, no job factory and no lock. Imported by name rather than
 * found by a component scan, which read every class of five packages on each start to
 * pick these out.
 */
@Configuration(proxyBeanMethods = false)
@Import({ ExecutionHistory.class, SweepStopper.class, JobRepositoryConfiguration.class, RunHistory.class,
		AuditHistory.class, TargetRuns.class })
class JobRepositoryApplication {

}
