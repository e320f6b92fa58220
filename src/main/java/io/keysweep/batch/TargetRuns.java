package io.keysweep.batch;

import java.util.List;
import java.util.stream.Stream;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * The runs of a job on one Redis target (host:port/db, as recorded in the job parameter
 * {@value SweepParameters#REDIS}), newest first. A run's identity is its job and its
 * target: a data dir or shared job repository that serves several Redis servers resumes,
 * refuses and compares each server's runs apart from the others'.
 */
@Component
public class TargetRuns {

	private static final int INSTANCES_PER_PAGE = 50;

	private final JobRepository jobRepository;

	TargetRuns(JobRepository jobRepository) {
		this.jobRepository = jobRepository;
	}

	/**
	 * The job's instances (its runs, each with its resumes) that swept the target, newest
	 * first, read from the repository a page at a time as the stream is consumed.
	 */
	public Stream<JobInstance> newestFirst(String job, String target) {
		return Stream.iterate(0, start -> start + INSTANCES_PER_PAGE)
			.map(start -> jobRepository.getJobInstances(job, start, INSTANCES_PER_PAGE))
			.takeWhile(page -> !page.isEmpty())
			.flatMap(List::stream)
			.filter(instance -> sweeps(instance, target));
	}

	/** The target an execution swept. */
	public static String target(JobExecution execution) {
		return execution.getJobParameters().getString(SweepParameters.REDIS);
	}

	private boolean sweeps(JobInstance instance, String target) {
		JobExecution last = jobRepository.getLastJobExecution(instance);
		return last != null && target.equals(target(last));
	}

}
