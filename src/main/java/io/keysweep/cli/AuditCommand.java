package io.keysweep.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.keysweep.audit.AuditDefinition;
import io.keysweep.audit.AuditResult;
import io.keysweep.audit.AuditRunner;
import io.keysweep.definition.JobDefinition;
import io.keysweep.report.RunRecord;
import io.keysweep.run.SweepRequest;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		description = "Count the keyspace by key pattern, read-only: keys, types, keys without a TTL, a TTL "
				+ "histogram and memory from a sample, compared with the previous audit of the same Redis; name the "
				+ "suspected leaks. An interrupted audit is continued by the next one.")
final class AuditCommand implements Callable<Integer> {

	@Option(names = "--match", paramLabel = "GLOB", defaultValue = "*",
			description = "Count only the keys SCAN MATCH gives for this glob (default: every key).")
	String match;

	int top = JobDefinition.Audit.DEFAULTS.top();

	int sample = JobDefinition.Audit.DEFAULTS.sample();

	@Option(names = "--idle",
			description = "Also ask each key's OBJECT IDLETIME (one more command per key); Redis refuses it under an "
					+ "LFU maxmemory-policy, and the audit then fails with a line that says so.")
	boolean idle;

	int patterns = JobDefinition.Audit.DEFAULTS.patterns();

	long growthOver = JobDefinition.Audit.DEFAULTS.growthOver();

	int shareOver = JobDefinition.Audit.DEFAULTS.shareOver();

	@Option(names = "--alert", description = "Exit with 3 when the audit suspects a leak.")
	boolean alert;

	@Option(names = "--suggest", paramLabel = "DIR",
			description = "Write a disabled job definition into DIR for each suspected leak, to confirm and enable.")
	Path suggest;

	@Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
			description = "text (the top patterns) or json (every pattern row).")
	String format;

	@Option(names = "--restart-from-scratch",
			description = "Abandon an unfinished audit and count from cursor 0, instead of continuing it.")
	boolean restartFromScratch;

	@Mixin
	CommonOptions common;

	@Mixin
	RateOption rate;

	@Mixin
	ThreadsOption threads;

	/** Progress while it runs, and the figures it leaves behind, as for a sweep. */
	@Mixin
	SweepOutputOptions output;

	@Spec
	CommandSpec spec;

	@Option(names = "--top", paramLabel = "N", description = "Patterns shown in text (default: 20).")
	void setTop(int top) {
		OptionCheck.require(spec, top > 0, "--top must be above zero");
		this.top = top;
	}

	@Option(names = "--sample", paramLabel = "N",
			description = "Keys measured with MEMORY USAGE, a few of each SCAN page (default: 10000).")
	void setSample(int sample) {
		OptionCheck.require(spec, sample >= 0, "--sample must not be negative");
		this.sample = sample;
	}

	@Option(names = "--patterns", paramLabel = "N",
			description = "Patterns the census keeps a row for; keys of later patterns count under (other) "
					+ "(default: 1000).")
	void setPatterns(int patterns) {
		OptionCheck.require(spec, patterns > 0 && patterns <= JobDefinition.Audit.MAX_PATTERNS,
				"--patterns must be from 1 to " + JobDefinition.Audit.MAX_PATTERNS);
		this.patterns = patterns;
	}

	@Option(names = "--growth-over", paramLabel = "N",
			description = "Suspect a pattern whose keys without a TTL grew by more than N since the previous audit "
					+ "(default: 1000).")
	void setGrowthOver(long growthOver) {
		OptionCheck.require(spec, growthOver >= 0, "--growth-over must not be negative");
		this.growthOver = growthOver;
	}

	@Option(names = "--share-over", paramLabel = "PERCENT",
			description = "Suspect a pattern whose keys without a TTL hold more than PERCENT of the audited memory "
					+ "(default: 20).")
	void setShareOver(int shareOver) {
		OptionCheck.require(spec, shareOver >= 0 && shareOver <= 100, "--share-over must be from 0 to 100");
		this.shareOver = shareOver;
	}

	@Override
	public Integer call() throws Exception {
		if (!List.of("text", "json").contains(format)) {
			throw OptionCheck.refusal(spec, "--format must be text or json, not '" + format + "'");
		}
		output.check();
		JobDefinition.Audit audit = new JobDefinition.Audit(sample, idle, patterns, growthOver, shareOver, alert, top);
		JobDefinition definition = AuditDefinition.of(match, Duration.ZERO, audit);
		try (ConfigurableApplicationContext context = KeysweepContext.open(common, threads);
				SignalTrap signals = SignalTrap.install(spec.commandLine().getErr())) {
			SweepRequest request = SweepRequest
				.of(definition, signals.stopRequest(), output.progress(context, definition))
				.withRate(rate.rate)
				.withRestartFromScratch(restartFromScratch);
			AuditResult result = context.getBean(AuditRunner.class).audit(request);
			output.publishFigures(RunRecord.of(result.run().execution(), result.run().resumedFrom()), context);
			return AuditOutcome.report(result, audit, format.equals("json"), suggest,
					"keysweep audit" + (match.equals("*") ? "" : " --match " + match), spec, common);
		}
	}

}
