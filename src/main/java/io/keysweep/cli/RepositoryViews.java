package io.keysweep.cli;

import io.keysweep.audit.AuditHistory;
import io.keysweep.batch.TargetRuns;
import io.keysweep.report.RunHistory;
import io.keysweep.run.ExecutionHistory;
import io.keysweep.run.JobRepositoryDatabase;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * What {@code jobs} and {@code report} read the job repository with: its history of
 * executions and of runs, from a Spring application or, most often, made here without one
 * (in a profile of {@code jobs}, 0.29 s of the main thread where Spring Boot's start took
 * 0.45 s, H2's opening of its file included in both). Closing it closes the database's
 * connections.
 */
final class RepositoryViews implements AutoCloseable {

	private final ExecutionHistory executions;

	private final RunHistory runs;

	private final AutoCloseable resources;

	private RepositoryViews(ExecutionHistory executions, RunHistory runs, AutoCloseable resources) {
		this.executions = executions;
		this.runs = runs;
		this.resources = resources;
	}

	static RepositoryViews of(ConfigurableApplicationContext context) {
		return new RepositoryViews(context.getBean(ExecutionHistory.class), context.getBean(RunHistory.class), context);
	}

	static RepositoryViews standalone(Environment environment) throws Exception {
		var dataSource = JobRepositoryDatabase.dataSource(environment);
		// a command that reads a few rows uses one connection; the pool's others
		// would be opened in the background only to be closed at its end
		dataSource.setMinimumIdle(1);
		try {
			JobRepository repository = JobRepositoryDatabase.readOnly(dataSource, environment);
			ExecutionHistory executions = new ExecutionHistory(repository, new TargetRuns(repository));
			RunHistory runs = new RunHistory(repository, executions, new AuditHistory(repository, executions));
			return new RepositoryViews(executions, runs, dataSource);
		}
		catch (Exception | Error e) {
			dataSource.close();
			throw e;
		}
	}

	ExecutionHistory executions() {
		return executions;
	}

	RunHistory runs() {
		return runs;
	}

	@Override
	public void close() throws Exception {
		resources.close();
	}

}
