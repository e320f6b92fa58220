package io.keysweep.testing;

import java.nio.file.Path;
import java.time.LocalDateTime;

import io.keysweep.KeysweepApplication;
import io.keysweep.batch.AuditJobFactory;
import io.keysweep.batch.JobAssembly;
import io.keysweep.batch.SweepJobFactory;
import io.keysweep.batch.SweepParameters;
import io.keysweep.definition.JobDefinition;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.StepListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * keysweep's Spring application against a test Redis, with its job repository in a
 * temporary directory.
 */
public final class TestApp implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final String redisUrl;

	private TestApp(ConfigurableApplicationContext context, String redisUrl) {
		this.context = context;
		this.redisUrl = redisUrl;
	}

	/**
	 * @param properties more settings, e.g. {@code --keysweep.lock.lease=1s}
	 */
	public static TestApp start(String redisUrl, Path dataDir, String... properties) {
		java.util.List<String> args = new java.util.ArrayList<>(java.util.List
			.of("--keysweep.data-dir=" + dataDir.toAbsolutePath(), "--keysweep.redis-url=" + redisUrl));
		args.addAll(java.util.List.of(properties));
		return new TestApp(new SpringApplicationBuilder(KeysweepApplication.class).run(args.toArray(String[]::new)),
				redisUrl);
	}

	public <T> T bean(Class<T> type) {
		return context.getBean(type);
	}

	/**
	 * Launches a sweep (or an audit) through Spring Batch Test, as the run command would,
	 * with extra listeners.
	 */
	public JobExecution launch(JobDefinition definition, SweepParameters parameters, StepListener... listeners)
			throws Exception {
		JobOperatorTestUtils utils = new JobOperatorTestUtils(bean(JobOperator.class), bean(JobRepository.class));
		JobAssembly assembly = definition.isAudit() ? bean(AuditJobFactory.class) : bean(SweepJobFactory.class);
		utils.setJob(assembly.create(definition, parameters, listeners));
		return utils.startJob(parameters.toJobParameters());
	}

	/**
	 * A new run of the job stopped after so many chunks, as a stop request leaves it:
	 * STOPPED, with a checkpoint.
	 */
	public JobExecution stoppedRun(JobDefinition definition, int chunks) throws Exception {
		JobExecution execution = launch(definition,
				SweepParameters.newRun(definition, definition.isAudit(), 0, redisUrl.substring("redis://".length())),
				new StopAfterChunks(chunks));
		if (execution.getStatus() != BatchStatus.STOPPED) {
			throw new IllegalStateException("the run ended " + execution.getStatus() + ", not STOPPED");
		}
		return execution;
	}

	/**
	 * A new execution of a job of that name, started, with one started step: what the
	 * parts of a running step see, for tests that drive them without a job.
	 */
	public StepExecution startedStep(String job) throws Exception {
		return startedStep(job, new JobParametersBuilder().addLong("run", System.nanoTime()).toJobParameters());
	}

	/**
	 * The same with these parameters; also what kill -9 leaves behind: an execution and
	 * its step still STARTED.
	 */
	public StepExecution startedStep(String job, JobParameters parameters) throws Exception {
		JobRepository repository = bean(JobRepository.class);
		JobExecution execution = repository.createJobExecution(repository.createJobInstance(job, parameters),
				parameters, new ExecutionContext());
		execution.setStartTime(LocalDateTime.now());
		execution.setStatus(BatchStatus.STARTED);
		repository.update(execution);
		StepExecution step = repository.createStepExecution("sweep", execution);
		step.setStartTime(LocalDateTime.now());
		step.setStatus(BatchStatus.STARTED);
		repository.update(step);
		return step;
	}

	@Override
	public void close() {
		context.close();
	}

}
