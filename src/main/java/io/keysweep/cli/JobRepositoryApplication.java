package io.keysweep.cli;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

/**
 * The least a command that reads or marks the job repository needs ({@code jobs},
 * {@code report}, {@code stop}): the job repository's data source, Spring Batch's JDBC
 * job repository and operator, and keysweep's views of them, which know runs by job and
 * Redis target (the Redis endpoint, parsed, never connected to), with the
 * auto-configurations these import. No job factory and no lock: a start of these commands
 * costs the classes of what they use, not of a sweep.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackages = {
		"io.keysweep.run", "io.keysweep.report", "io.keysweep.audit", "io.keysweep.batch", "io.keysweep.redis" },
		useDefaultFilters = false,
		includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
				pattern = "io\\.keysweep\\.(run\\.(ExecutionHistory|SweepStopper|JobRepositoryConfiguration)"
						+ "|report\\.RunHistory|audit\\.AuditHistory|batch\\.TargetRuns|redis\\.RedisConfiguration)"))
class JobRepositoryApplication {

}
