package io.keysweep.batch;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.keysweep.alert.AlertCheck;
import io.keysweep.batch.ClassifyProcessor;
import io.keysweep.batch.DeadSetProcessor;
import io.keysweep.classify.Classifier;
import io.keysweep.classify.Expiry;
import io.keysweep.definition.InvalidDefinitionException;
import io.keysweep.definition.JobDefinition;
import io.keysweep.expire.DryRunWriter;
import io.keysweep.expire.ExpiryWriter;
import io.keysweep.expire.InFlightChunk;
import io.keysweep.expire.StaleMemberWriter;
import io.keysweep.redis.RedisConnector;
import io.keysweep.scan.ScanItemReader;
import io.keysweep.scan.SetMemberReader;
import io.keysweep.tally.SweepCounts;
import io.keysweep.tally.SweepTally;
import io.keysweep.throttle.CommandBudget;
import io.keysweep.throttle.KeyRate;
import io.keysweep.throttle.LatencyGuard;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.listener.StepListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Assembles a definition into a Spring Batch job: scan, classify, expire, one chunk at a
 * time.
 */
@Component
public class SweepJobFactory implements JobAssembly {

	/** The name of the one step of a sweep job. */
	public static final String STEP = "sweep";

	/**
	 * The name of the step that prunes Sidekiq Pro's dead-batch set, when the definition
	 * asks for it.
	 */
	public static final String DEAD_SET_STEP = "dead-set";

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	private final DataSource dataSource;

	private final RedisConnector redis;

	private final TargetRuns targetRuns;

	private final int threads;

	/**
	 * @param threads masters of a Redis Cluster swept at once; 0 for one per master, up
	 * to the number of cores
	 */
	public SweepJobFactory(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			DataSource dataSource, RedisConnector redis, TargetRuns targetRuns,
			@Value("${keysweep.threads:0}") int threads) {
		this.jobRepository = jobRepository;
		this.targetRuns = targetRuns;
		this.transactionManager = transactionManager;
		this.dataSource = dataSource;
		this.redis = redis;
		this.threads = threads;
	}

	/**
	 * One sweep step per database of the definition (one step named {@value #STEP} on the
	 * URL's database when it names none), each with its own checkpoint, so a restart
	 * re-runs only unfinished databases. The steps share one {@link KeyRate}: the
	 * definition's rate holds the whole sweep, also the masters of a cluster swept at
	 * once.
	 * @param listeners step, chunk or item listeners, e.g. to report progress
	 */
	@Override
	public Job create(JobDefinition definition, SweepParameters parameters, StepListener... listeners) {
		KeyRate rate = KeyRate.of(definition.pacing().rate());
		List<Step> steps = redis.cluster() == null ? databaseSteps(definition, parameters, rate, listeners)
				: clusterSteps(definition, parameters, rate, listeners);
		SimpleJobBuilder job = new JobBuilder(definition.name(), jobRepository).listener(new LogContext())
			.start(steps.get(0));
		steps.subList(1, steps.size()).forEach(job::next);
		return job.build();
	}

	/**
	 * A Redis Cluster has only database 0: one step partitioned by master, and the dead
	 * set on the node that holds it. A fleet's run of one master has that master's
	 * partition, and the dead set when that master holds it.
	 */
	private List<Step> clusterSteps(JobDefinition definition, SweepParameters parameters, KeyRate rate,
			StepListener... listeners) {
		if (!definition.scan().databases().isEmpty()) {
			throw new InvalidDefinitionException("job '" + definition.name() + "' names databases, but Redis at "
					+ redis.endpoint() + " is a cluster, which has only database 0: remove 'databases'");
		}
		List<Step> steps = new ArrayList<>();
		steps.add(MasterPartitions.step(STEP, jobRepository, redis, threads, parameters.masterSlots(),
				(name, node) -> sweepStep(name, node, definition, parameters, rate, listeners)));
		String deadSet = definition.scan().namespace() + definition.scan().deadSet();
		if (definition.scan().deadSet() != null
				&& (parameters.masterSlots() == null || MasterPartitions.holds(parameters.masterSlots(), deadSet))) {
			steps.add(deadSetStep(DEAD_SET_STEP, redis.forKey(deadSet), definition, parameters, rate, listeners));
		}
		return steps;
	}

	private List<Step> databaseSteps(JobDefinition definition, SweepParameters parameters, KeyRate rate,
			StepListener... listeners) {
		List<Step> steps = new ArrayList<>();
		Map<String, RedisConnector> databases = new LinkedHashMap<>();
		if (definition.scan().databases().isEmpty()) {
			databases.put("", redis);
		}
		definition.scan().databases().forEach(db -> databases.put("-db" + db, redis.forDatabase(db)));
		databases.forEach((suffix, connector) -> {
			steps.add(sweepStep(STEP + suffix, connector, definition, parameters, rate, listeners));
			if (definition.scan().deadSet() != null) {
				steps.add(deadSetStep(DEAD_SET_STEP + suffix, connector, definition, parameters, rate, listeners));
			}
		});
		return steps;
	}

	private Step sweepStep(String name, RedisConnector redis, JobDefinition definition, SweepParameters parameters,
			KeyRate rate, StepListener... listeners) {
		SweepTally tally = new SweepTally();
		LatencyGuard latency = new LatencyGuard(definition.pacing().maxLatency());
		Classifier classifier = definition.expiring().newClassifier();
		InFlightChunk<Expiry> inFlight = new InFlightChunk<>(jobRepository, dataSource, Expiry::key, Expiry::keyClass);
		return chunkStep(name, definition, tally, latency, withInFlight(parameters, inFlight, listeners),
				new ScanItemReader(redis, definition.scan().match(), budget(definition), definition.scan().type(),
						classifier, parameters.limit(), rate, latency),
				new ClassifyProcessor(classifier, definition.expiring().jitter(), tally, inFlight),
				parameters.dryRun() ? new DryRunWriter<Expiry>(tally, SweepCounts.WOULD_EXPIRE)
						: new ExpiryWriter(redis, tally, latency, windows(definition)));
	}

	/**
	 * Prunes members of the dead-batch set whose batch hash is gone: SSCAN, one lookup
	 * pipeline, SREMs bounded like it.
	 */
	private Step deadSetStep(String name, RedisConnector redis, JobDefinition definition, SweepParameters parameters,
			KeyRate rate, StepListener... listeners) {
		SweepTally tally = new SweepTally();
		LatencyGuard latency = new LatencyGuard(definition.pacing().maxLatency());
		byte[] setKey = (definition.scan().namespace() + definition.scan().deadSet()).getBytes(StandardCharsets.UTF_8);
		byte[] batchPrefix = (definition.scan().namespace() + "b-").getBytes(StandardCharsets.UTF_8);
		InFlightChunk<byte[]> inFlight = new InFlightChunk<>(jobRepository, dataSource, member -> member,
				member -> DeadSetProcessor.STALE);
		DeadSetProcessor processor = new DeadSetProcessor(tally, Clock.systemUTC(), inFlight);
		CommandBudget budget = budget(definition);
		StepListener[] withProcessor = Arrays.copyOf(listeners, listeners.length + 1);
		withProcessor[listeners.length] = processor;
		return chunkStep(name, definition, tally, latency, withInFlight(parameters, inFlight, withProcessor),
				new SetMemberReader(redis, setKey, batchPrefix, budget, rate, latency), processor,
				parameters.dryRun() ? new DryRunWriter<byte[]>(tally, SweepCounts.WOULD_REMOVE)
						: new StaleMemberWriter(redis, setKey, tally, budget));
	}

	/** The listeners, and the in-flight record unless the run is dry. */
	private static StepListener[] withInFlight(SweepParameters parameters, InFlightChunk<?> inFlight,
			StepListener... listeners) {
		// a dry run sends nothing, so it records nothing
		StepListener[] all = Arrays.copyOf(listeners, listeners.length + (parameters.dryRun() ? 0 : 1));
		if (!parameters.dryRun()) {
			all[listeners.length] = inFlight;
		}
		return all;
	}

	/**
	 * Each step its own (a sweep's or an audit's): a step reads one server (one master of
	 * a cluster), whose pace the budget learns.
	 */
	static CommandBudget budget(JobDefinition definition) {
		return new CommandBudget(definition.pacing().maxCommandTime(), definition.scan().scanCount());
	}

	/**
	 * Sizes a step's pipelines of the expiry script to the definition's max-command-time,
	 * a chunk's keys at the most.
	 */
	private static CommandBudget windows(JobDefinition definition) {
		return new CommandBudget(definition.pacing().maxCommandTime(), definition.scan().chunkSize());
	}

	/**
	 * A chunk step as sweeps and audits have them: paced, guarded, checked for alerts.
	 */
	<I, O> Step chunkStep(String name, JobDefinition definition, SweepTally tally, LatencyGuard latency,
			StepListener[] listeners, ItemReader<I> reader, ItemProcessor<I, O> processor, ItemWriter<O> writer) {
		ChunkOrientedStepBuilder<I, O> step = new StepBuilder(name, jobRepository)
			.<I, O>chunk(definition.scan().chunkSize())
			.transactionManager(transactionManager)
			.reader(reader)
			.processor(processor)
			.writer(writer)
			.stream(tally)
			.stream(latency)
			.listener(latency)
			.listener(new RunFacts(redis, definition.pacing().rate()))
			.listener(new AlertCheck(definition.alerts(), jobRepository,
					() -> targetRuns.newestFirst(definition.name(), redis.target())));
		for (StepListener listener : listeners) {
			step.listener(listener);
		}
		return step.build();
	}

}
