package io.keysweep.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

import io.keysweep.batch.LogContext;
import io.keysweep.failure.OperatorException;
import io.keysweep.redis.RedisTargets;
import io.keysweep.redis.RedisTargets.Target;
import io.keysweep.run.StopRequest;
import org.slf4j.MDC;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The commands that sweep many jobs ({@code run --all}) on each Redis they are given: the
 * one of the command line, or every target of the targets file (only {@code --target}'s,
 * when given), one after another, each in an application of its own. A target that cannot
 * be reached or refuses the credentials is its jobs' exit codes, and the next target
 * still gets its turn.
 *
 * <p>
 * A worker of a fleet leaves the jobs (or the masters of a cluster, see {@link Chore})
 * that another worker sweeps now for later: they go, with their target, to the back of
 * the queue, and are come back to once the other targets had their turn. When every part
 * left is another worker's, the worker waits a little before the next round, so that it
 * does not hammer the locks.
 */
final class EachTarget {

	/** Long against a lock's round trip, short against a sweep. */
	private static final Duration ROUND_PAUSE = Duration.ofSeconds(1);

	/** The work on some jobs of one Redis; returns its exit code. */
	interface Work {

		/**
		 * @param later takes the chores that another worker does now, to be come back to
		 */
		int on(ConfigurableApplicationContext context, List<Chore> chores, Consumer<Chore> later) throws Exception;

	}

	/**
	 * A job on one Redis, or, for a fleet's worker on a Redis Cluster, on the one master
	 * that owns these slots.
	 *
	 * @param masterSlots null for the whole Redis
	 */
	record Chore(String job, String masterSlots) {

		/** E.g. {@code notify}, or {@code notify [slots 0-5460]}. */
		String label() {
			return job + (masterSlots == null ? "" : " [slots " + masterSlots + "]");
		}

	}

	/** Chores on a target (null: the Redis of the command line). */
	private record Part(String target, List<Chore> chores) {
	}

	private EachTarget() {
	}

	/**
	 * @param jobs the jobs of the jobs directory, which the targets may name
	 * @return the worst exit code of the targets'
	 */
	static int sweep(CommonOptions common, ThreadsOption threads, List<String> jobs, PrintWriter out, PrintWriter err,
			StopRequest stop, Work work) throws Exception {
		Deque<Part> parts = new ArrayDeque<>();
		if (common.targets == null && common.target == null) {
			parts.add(new Part(null, whole(jobs)));
		}
		else {
			for (Target target : chosen(TargetsFile.read(common), common.target, jobs)) {
				parts.add(new Part(target.name(), whole(jobs.stream().filter(target::runs).toList())));
			}
		}
		int worst = ExitCodes.COMPLETED;
		int busyInARow = 0;
		while (!parts.isEmpty()) {
			Part part = parts.poll();
			List<Chore> later = new ArrayList<>();
			int code = on(part, common, threads, out, err, work, later::add);
			worst = ExitCodes.worst(worst, code);
			if (later.isEmpty()) {
				busyInARow = 0;
				continue;
			}
			parts.add(new Part(part.target(), later));
			busyInARow = later.equals(part.chores()) ? busyInARow + 1 : 0;
			if (busyInARow >= parts.size()) {
				busyInARow = 0;
				for (long waited = 0; waited < ROUND_PAUSE.toMillis() && !stop.isRequested(); waited += 100) {
					Thread.sleep(100);
				}
			}
		}
		return worst;
	}

	private static int on(Part part, CommonOptions common, ThreadsOption threads, PrintWriter out, PrintWriter err,
			Work work, Consumer<Chore> later) throws Exception {
		if (part.target() == null) {
			try (ConfigurableApplicationContext context = KeysweepContext.open(common, threads)) {
				return work.on(context, part.chores(), later);
			}
		}
		out.println("=== target " + part.target());
		out.flush();
		int code;
		try (MDC.MDCCloseable logContext = LogContext.onTarget(part.target());
				ConfigurableApplicationContext context = KeysweepContext.open(common, threads, part.target())) {
			code = work.on(context, part.chores(), later);
		}
		catch (Exception e) {
			Failures.print(err, e, common.verbose);
			code = Failures.exitCode(e);
		}
		out.println("=== target " + part.target() + ": exit code " + code);
		return code;
	}

	private static List<Chore> whole(List<String> jobs) {
		return jobs.stream().map(job -> new Chore(job, null)).toList();
	}

	/**
	 * The targets to sweep, each naming only jobs that exist: a typo in a job's name is
	 * refused before anything is swept.
	 */
	static List<Target> chosen(RedisTargets targets, String only, List<String> jobs) {
		for (Target target : targets.all()) {
			target.jobs().stream().filter(job -> !jobs.contains(job)).findFirst().ifPresent(job -> {
				throw new OperatorException(
						"target '" + target.name() + "' names job '" + job + "', which has no definition");
			});
		}
		return only == null ? targets.all() : List.of(targets.named(only));
	}

}
