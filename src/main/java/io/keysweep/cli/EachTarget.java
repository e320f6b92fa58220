package io.keysweep.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Predicate;

import io.keysweep.failure.OperatorException;
import io.keysweep.redis.RedisTargets;
import io.keysweep.redis.RedisTargets.Target;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The commands that sweep many jobs ({@code run --all}) on each Redis they are given: the
 * one of the command line, or every target of the targets file (only {@code --target}'s,
 * when given), one after another, each in an application of its own. A target that cannot
 * be reached or refuses the credentials is its jobs' exit codes, and the next target
 * still gets its turn.
 */
final class EachTarget {

	/** The work on one Redis; returns its exit code. */
	interface Work {

		int on(ConfigurableApplicationContext context, Predicate<String> runsJob) throws Exception;

	}

	private EachTarget() {
	}

	/**
	 * @param jobs the jobs of the jobs directory, which the targets may name
	 * @return the worst exit code of the targets'
	 */
	static int sweep(CommonOptions common, ThreadsOption threads, List<String> jobs, PrintWriter out, PrintWriter err,
			Work work) throws Exception {
		if (common.targets == null && common.target == null) {
			try (ConfigurableApplicationContext context = KeysweepContext.open(common, threads)) {
				return work.on(context, job -> true);
			}
		}
		int worst = ExitCodes.COMPLETED;
		for (Target target : chosen(TargetsFile.read(common), common.target, jobs)) {
			out.println("=== target " + target.name());
			out.flush();
			int code;
			try (ConfigurableApplicationContext context = KeysweepContext.open(common, threads, target.name())) {
				code = work.on(context, target::runs);
			}
			catch (Exception e) {
				Failures.print(err, e, common.verbose);
				code = Failures.exitCode(e);
			}
			out.println("=== target " + target.name() + ": exit code " + code);
			worst = ExitCodes.worst(worst, code);
		}
		return worst;
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
