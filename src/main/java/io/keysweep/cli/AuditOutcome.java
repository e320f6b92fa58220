package io.keysweep.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

import io.keysweep.audit.AuditJson;
import io.keysweep.audit.AuditResult;
import io.keysweep.audit.AuditText;
import io.keysweep.audit.LeakSuggestions;
import io.keysweep.definition.JobDefinition;
import io.keysweep.run.SweepResult;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How an audit ended, for the operator: its census (text or JSON) and the definitions it
 * suggests, one line on stderr unless it completed, and the exit code: 3 when it suspects
 * a leak and was asked to alert.
 */
final class AuditOutcome {

	private AuditOutcome() {
	}

	/**
	 * @param audit what the audit was asked for: its top patterns shown, whether to alert
	 * @param json every pattern row as JSON, rather than the top patterns as text
	 * @param suggest where to write the definitions that would fix the suspected leaks,
	 * or null
	 * @param again the command that continues the audit after a stop or failure
	 */
	static int report(AuditResult result, JobDefinition.Audit audit, boolean json, Path suggest, String again,
			CommandSpec spec, CommonOptions common) throws Exception {
		PrintWriter out = spec.commandLine().getOut();
		PrintWriter err = spec.commandLine().getErr();
		SweepResult.Ending ending = result.run().ending();
		if (ending == SweepResult.Ending.STOPPED) {
			err.println("keysweep: the audit stopped at a chunk boundary with its census saved; '" + again
					+ "' continues it");
			return ExitCodes.STOPPED;
		}
		if (ending == SweepResult.Ending.FAILED) {
			return SweepOutcome.failed(result.run(), common, out, err, "'" + again + "'");
		}
		if (json) {
			out.println(AuditJson.of(result));
		}
		else {
			AuditText.print(result, audit.top(), out);
		}
		if (suggest != null) {
			for (Path file : LeakSuggestions.write(result, suggest)) {
				err.println("keysweep: wrote " + file + ": confirm its expire:, then set enabled: true");
			}
		}
		return audit.alert() && !result.suspects().isEmpty() ? ExitCodes.ALERT : ExitCodes.COMPLETED;
	}

}
