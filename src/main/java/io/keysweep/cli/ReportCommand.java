package io.keysweep.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.keysweep.failure.OperatorException;
import io.keysweep.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		description = "Show past runs from the job repository: one line per run, newest first, "
				+ "or one run in full with --execution.")
final class ReportCommand implements Callable<Integer> {

	@Parameters(paramLabel = "<job>", arity = "0..1", description = "Only the runs of this job.")
	String job;

	int last;

	@Option(names = "--execution", paramLabel = "ID", description = "One run in full.")
	Long execution;

	@Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
			description = "${COMPLETION-CANDIDATES} (html: one self-contained file with a chart per job), in any "
					+ "case. Default: ${DEFAULT-VALUE}")
	Report.Format format;

	@Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE instead of the terminal.")
	Path out;

	@Mixin
	CommonOptions common;

	@Spec
	CommandSpec spec;

	@Option(names = "--last", paramLabel = "N", defaultValue = "30",
			description = "The N newest runs. Default: ${DEFAULT-VALUE}")
	void setLast(int last) {
		OptionCheck.require(spec, last >= 1, "--last must be at least 1");
		this.last = last;
	}

	@Override
	public Integer call() throws Exception {
		if (out != null) {
			checkWritable(out);
		}
		String text;
		try (RepositoryViews repository = KeysweepContext.readRepository(common)) {
			Report report = new Report(repository.runs(), format);
			text = execution == null ? report.recent(job, last) : report.execution(execution, job);
		}
		if (out == null) {
			spec.commandLine().getOut().println(text);
		}
		else {
			try {
				Files.writeString(out, text + "\n", StandardCharsets.UTF_8);
			}
			catch (IOException e) {
				throw new OperatorException("--out: cannot write " + out + ": " + e.getMessage());
			}
		}
		return ExitCodes.COMPLETED;
	}

	private static void checkWritable(Path file) {
		Path dir = file.toAbsolutePath().getParent();
		if (Files.isDirectory(file)) {
			throw new OperatorException("--out: " + file + " is a directory");
		}
		if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)
				|| (Files.exists(file) && !Files.isWritable(file))) {
			throw new OperatorException("--out: cannot write " + file);
		}
	}

}
