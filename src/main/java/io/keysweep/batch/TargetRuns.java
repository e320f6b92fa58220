package io.keysweep.batch;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

/**
 * The runs of a job on one Redis target (host:port/db, as recorded in the job parameter
 * {@value SweepParameters#REDIS}), newest first. A run's identity is its job and its
 * target: a data dir or shared job repository that serves several Redis servers resumes,
 * refuses and compares each server's runs apart from the others'. On a Redis Cluster, the
 * runs a fleet made of one master each (see {@link SweepParameters#masterSlots()}) are
 * apart from the runs of the whole cluster, and from each other's.
 */
@Component
public class TargetRuns {

	private static final int INSTANCES_PER_PAGE = 50;

	private final JobRepository jobRepository;

	public TargetRuns(JobRepository jobRepository) {
		this.jobRepository = jobRepository;
	}

	/**
	 * The job's instances (its runs, each with its resumes) that swept the target, of any
	 * part, newest first, read from the repository a page at a time as the stream is
	 * consumed.
	 */
	public Stream<JobInstance> newestFirst(String job, String target) {
		return newestFirst(job, last -> target.equals(target(last)));
	}

	/**
	 * The job's instances on the target that swept the one master of these slots, or the
	 * whole Redis for null slots, newest first.
	 */
	public Stream<JobInstance> newestFirst(String job, String target, String masterSlots) {
		return newestFirst(job, last -> target.equals(target(last)) && Objects.equals(masterSlots, masterSlots(last)));
	}

	/**
	 * The same, but read only back to the first instance of the job (on any target) last
	 * run before the time: so that looking for a recent run of one part does not read a
	 * long history of the others'.
	 */
	public Stream<JobInstance> newestFirstSince(String job, String target, String masterSlots, LocalDateTime since) {
		return lastExecutions(job)
			.takeWhile(last -> last.getCreateTime() == null || last.getCreateTime().isAfter(since))
			.filter(last -> target.equals(target(last)) && Objects.equals(masterSlots, masterSlots(last)))
			.map(JobExecution::getJobInstance);
	}

	private Stream<JobInstance> newestFirst(String job, Predicate<JobExecution> lastExecution) {
		return lastExecutions(job).filter(lastExecution).map(JobExecution::getJobInstance);
	}

	/** The last execution of each of the job's instances, newest instance first. */
	private Stream<JobExecution> lastExecutions(String job) {
		return Stream.iterate(0, start -> start + INSTANCES_PER_PAGE)
			.map(start -> jobRepository.getJobInstances(job, start, INSTANCES_PER_PAGE))
			.takeWhile(page -> !page.isEmpty())
			.flatMap(List::stream)
			.map(jobRepository::getLastJobExecution)
			.filter(Objects::nonNull);
	}

	/** The target an execution swept. */
	public static String target(JobExecution execution) {
		return execution.getJobParameters().getString(SweepParameters.REDIS);
	}

	/** The slots of the one master an execution swept; null for the whole Redis. */
	public static String masterSlots(JobExecution execution) {
		return execution.getJobParameters().getString(SweepParameters.MASTER_SLOTS);
	}

}
