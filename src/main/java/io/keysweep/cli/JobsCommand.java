package io.keysweep.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.keysweep.batch.TargetRuns;
import io.keysweep.definition.InvalidDefinitionException;
import io.keysweep.definition.JobDefinition;
import io.keysweep.definition.JobDefinitions;
import io.keysweep.redis.RedisTargets.Target;
import io.keysweep.run.ExecutionHistory;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "jobs", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		description = "List the job definitions: sweep or audit, enabled or not, schedule, next fire time, and the "
				+ "latest run's status and the Redis it swept; with --targets, each target's jobs under the target's "
				+ "name. Exits 2 when a definition is invalid. Needs no Redis.")
final class JobsCommand implements Callable<Integer> {

	private static final List<String> HEADER = List.of("JOB", "KIND", "ENABLED", "SCHEDULE", "NEXT RUN", "LAST RUN");

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

	@Mixin
	CommonOptions common;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() throws Exception {
		PrintWriter out = spec.commandLine().getOut();
		JobDefinitions definitions = new JobDefinitions(common.jobsDir);
		List<String> names = definitions.names();
		if (names.isEmpty()) {
			out.println("No job definitions (*.yml) in " + common.jobsDir);
			return ExitCodes.COMPLETED;
		}
		List<Target> targets = common.targets == null ? null : TargetsFile.read(common).all();
		List<List<String>> rows = new ArrayList<>();
		rows.add(targets == null ? HEADER : prefixed("TARGET", HEADER));
		int exitCode = ExitCodes.COMPLETED;
		Instant now = Clock.systemUTC().instant();
		try (RepositoryViews repository = KeysweepContext.readRepository(common)) {
			ExecutionHistory history = repository.executions();
			for (String name : names) {
				List<String> columns;
				try {
					JobDefinition definition = definitions.load(name);
					columns = List.of(name, definition.isAudit() ? "audit" : "sweep",
							definition.enabled() ? "yes" : "no", schedule(definition), nextRun(definition, now));
				}
				catch (InvalidDefinitionException invalid) {
					columns = List.of(name, "-", "invalid", "-", "-");
					Failures.print(spec.commandLine().getErr(), invalid, common.verbose);
					exitCode = ExitCodes.OPERATOR_ERROR;
				}
				if (targets == null) {
					rows.add(withLastRun(columns, history.latestOnAnyTarget(name)));
				}
				else {
					for (Target target : targets) {
						if (target.runs(name)) {
							rows.add(prefixed(target.name(),
									withLastRun(columns, history.latestOn(name, target.name()))));
						}
					}
				}
			}
		}
		if (targets != null) {
			// grouped by target, in the file's order, each target's jobs by name
			List<String> order = targets.stream().map(Target::name).toList();
			rows.subList(1, rows.size()).sort(Comparator.comparing((List<String> row) -> order.indexOf(row.get(0))));
		}
		print(out, rows);
		return exitCode;
	}

	private static List<String> withLastRun(List<String> columns, Optional<JobExecution> last) {
		List<String> row = new ArrayList<>(columns);
		row.add(last.map(JobsCommand::lastRun).orElse("never"));
		return row;
	}

	private static List<String> prefixed(String first, List<String> columns) {
		List<String> row = new ArrayList<>(List.of(first));
		row.addAll(columns);
		return row;
	}

	private static String schedule(JobDefinition definition) {
		return definition.schedule() == null ? "-"
				: definition.schedule().describe() + " (missed: " + definition.schedule().missed().field() + ")";
	}

	private static String nextRun(JobDefinition definition, Instant now) {
		if (definition.schedule() == null || !definition.enabled()) {
			return "-";
		}
		Instant next = definition.schedule().next(now);
		return next == null ? "never" : TIME.format(next.atZone(definition.schedule().zone()));
	}

	/**
	 * E.g. {@code COMPLETED #12 2026-11-27 03:00:02 on cache:6379/0}, in the machine's
	 * time as the job repository keeps it, and the Redis target it swept.
	 */
	private static String lastRun(JobExecution execution) {
		var started = execution.getStartTime() != null ? execution.getStartTime() : execution.getCreateTime();
		return execution.getStatus() + " #" + execution.getId()
				+ (started == null ? ""
						: " " + TIME.format(started.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneId.systemDefault())))
				+ (TargetRuns.target(execution) == null ? "" : " on " + TargetRuns.target(execution));
	}

	private static void print(PrintWriter out, List<List<String>> rows) {
		int[] widths = new int[rows.get(0).size()];
		for (List<String> row : rows) {
			for (int i = 0; i < row.size(); i++) {
				widths[i] = Math.max(widths[i], row.get(i).length());
			}
		}
		for (List<String> row : rows) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < row.size(); i++) {
				line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
			}
			out.println(line);
		}
	}

}
