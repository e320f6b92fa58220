package io.keysweep.cli;

import java.util.concurrent.Callable;

import com.zaxxer.hikari.HikariDataSource;
import io.keysweep.audit.AuditHistory;
import io.keysweep.batch.TargetRuns;
import io.keysweep.report.RunHistory;
import io.keysweep.run.ExecutionHistory;
import io.keysweep.run.JobRepositoryDatabase;
import io.keysweep.run.SweepStopper;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * What {@code jobs}, {@code report} and {@code stop} use the job repository with: its
 * history of executions and of runs, and the stopper of running sweeps, from a Spring
 * application or, most often, made here without one (in a profile of {@code jobs}, 0.29 s
 * of the main thread where Spring Boot's start took 0.45 s, H2's opening of its file
 * included in both). Closing it closes the database's connections.
 */
final class RepositoryViews implements AutoCloseable {

	private final ExecutionHistory executions;

	private final RunHistory runs;

	/** Made when asked for: only {@code stop} needs Spring Batch's operator. */
	private final Callable<SweepStopper> stopper;

	private final AutoCloseable resources;

	private RepositoryViews(ExecutionHistory executions, RunHistory runs, Callable<SweepStopper> stopper,
			AutoCloseable resources) {
		this.executions = executions;
		this.runs = runs;
		this.stopper = stopper;
		this.resources = resources;
	}

	static RepositoryViews of(ConfigurableApplicationContext context) {
		return new RepositoryViews(context.getBean(ExecutionHistory.class), context.getBean(RunHistory.class),
				() -> context.getBean(SweepStopper.class), context);
	}

	/** Made from the command's environment, which it closes when it is closed. */
	static RepositoryViews standalone(CommandEnvironment command) throws Exception {
		Environment environment = command.environment();
		HikariDataSource dataSource;
		try {
			dataSource = JobRepositoryDatabase.dataSource(environment);
		}
		catch (RuntimeException | Error e) {
			command.close();
			throw e;
		}
		// a command that reads a few rows uses one connection; the pool's others
		// would be opened in the background only to be closed at its end
		dataSource.setMinimumIdle(1);
		try {
			JobRepository repository = JobRepositoryDatabase.jobRepository(dataSource, environment);
			ExecutionHistory executions = new ExecutionHistory(repository, new TargetRuns(repository));
			RunHistory runs = new RunHistory(repository, executions, new AuditHistory(repository, executions));
			return new RepositoryViews(executions, runs,
					() -> new SweepStopper(JobRepositoryDatabase.jobOperator(repository, dataSource), executions),
					() -> close(dataSource, command));
		}
		catch (Exception | Error e) {
			close(dataSource, command);
			throw e;
		}
	}

	private static void close(HikariDataSource dataSource, CommandEnvironment command) {
		try (command) {
			dataSource.close();
		}
	}

	ExecutionHistory executions() {
		return executions;
	}

	RunHistory runs() {
		return runs;
	}

	SweepStopper stopper() throws Exception {
		return stopper.call();
	}

	@Override
	public void close() throws Exception {
		resources.close();
	}

}
