package io.keysweep.batch;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.function.BiFunction;

import io.keysweep.failure.OperatorException;
import io.keysweep.redis.ClusterRouting;
import io.keysweep.redis.RedisConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The sweep of a Redis Cluster: one partition per master, each its own step with its own
 * SCAN cursor checkpoint, run in parallel. A partition is named for the hash slots it
 * sweeps ({@code sweep:slots-0-5460}), not for the node, so that after a failover between
 * runs its unfinished partition is resumed on the slots' new master, where the changed
 * run_id voids the old cursor and the node is scanned again from cursor 0. A fleet's run
 * of one master (see {@link SweepParameters#masterSlots()}) has the one partition of its
 * master.
 */
final class MasterPartitions extends TaskExecutorPartitionHandler implements Partitioner {

	private static final Logger log = LoggerFactory.getLogger(MasterPartitions.class);

	/** The master a partition last swept, in its context: a key of this class's own. */
	private static final String NODE = "cluster.node";

	/** Each partition's step, by the name of its step execution. */
	private final Map<String, Step> steps = new LinkedHashMap<>();

	private final Map<String, HostAndPort> nodes = new LinkedHashMap<>();

	/**
	 * @param onlySlots the slots of the one master to sweep (see
	 * {@link ClusterRouting#slotsOfMasters()}), for a run that is one part of a fleet's
	 * night; null for every master
	 * @param workerStep builds the chunk step of one master: its name, and a connector to
	 * the master
	 * @param threads partitions swept at once; 0 for one per master, up to the number of
	 * cores
	 */
	static Step step(String name, JobRepository jobRepository, RedisConnector redis, int threads, String onlySlots,
			BiFunction<String, RedisConnector, Step> workerStep) {
		MasterPartitions partitions = new MasterPartitions();
		ClusterRouting cluster = redis.cluster();
		// the masters as they are now: a failover since the last run moved slots to
		// another node
		cluster.refresh();
		Map<HostAndPort, String> masters = new LinkedHashMap<>(cluster.slotsOfMasters());
		if (onlySlots != null) {
			masters.values().removeIf(slots -> !slots.equals(onlySlots));
			if (masters.isEmpty()) {
				throw new OperatorException("no master of the cluster at " + redis.endpoint() + " owns the slots "
						+ onlySlots + " any more (a resharding moved them): the run of that master cannot go on; "
						+ "the next run --all sweeps the masters as they are now");
			}
		}
		masters.forEach((node, slots) -> {
			String partition = name + ":slots-" + slots;
			partitions.nodes.put(partition, node);
			partitions.steps.put(partition, workerStep.apply(partition, redis.forNode(node)));
		});
		int parallel = threads > 0 ? threads : Math.min(masters.size(), Runtime.getRuntime().availableProcessors());
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("keysweep-" + name + "-");
		executor.setConcurrencyLimit(parallel);
		executor.setTaskDecorator(LogContext.handedOver());
		partitions.setTaskExecutor(executor);
		partitions.setStep(partitions.steps.values().iterator().next());
		partitions.setGridSize(masters.size());
		if (onlySlots != null) {
			log.info("Redis at {} is a cluster: sweeping its master {}, of the slots {}", redis.endpoint(),
					masters.keySet().iterator().next(), onlySlots);
		}
		else {
			log.info("Redis at {} is a cluster of {} masters: sweeping them {} at a time", redis.endpoint(),
					masters.size(), parallel);
		}
		return new StepBuilder(name, jobRepository).partitioner(name, partitions).partitionHandler(partitions).build();
	}

	/** Whether the key's hash slot is one of these, e.g. {@code 0-5460,10923}. */
	static boolean holds(String masterSlots, String key) {
		int slot = JedisClusterCRC16.getSlot(key);
		return Arrays.stream(masterSlots.split(","))
			.map(range -> range.split("-"))
			.anyMatch(range -> slot >= Integer.parseInt(range[0]) && slot <= Integer.parseInt(range[range.length - 1]));
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
		nodes.forEach((partition, node) -> {
			ExecutionContext context = new ExecutionContext();
			context.putString(NODE, node.toString());
			// the splitter prefixes the step's name again
			contexts.put(partition.substring(partition.indexOf(':') + 1), context);
		});
		return contexts;
	}

	@Override
	protected FutureTask<StepExecution> createTask(Step ignored, StepExecution partition) {
		Step step = steps.get(partition.getStepName());
		if (step == null) {
			throw new IllegalStateException("the cluster's slots were moved between masters since "
					+ partition.getStepName() + " ran, so its checkpoint fits no master: start over with 'keysweep run "
					+ partition.getJobExecution().getJobInstance().getJobName() + " --restart-from-scratch'");
		}
		HostAndPort was = HostAndPort
			.from(partition.getExecutionContext().getString(NODE, nodes.get(step.getName()).toString()));
		if (!was.equals(nodes.get(step.getName()))) {
			log.warn("The slots of {} moved from {} to the master {} (a failover): sweeping them there from cursor 0",
					step.getName(), was, nodes.get(step.getName()));
			partition.getExecutionContext().putString(NODE, nodes.get(step.getName()).toString());
		}
		return super.createTask(step, partition);
	}

}
