package io.keysweep;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package map of src/docs/architecture.md, checked: no package cycle, and layers that
 * point one way, from the command line at the top down to the definition model and the
 * classifiers at the bottom.
 *
 * <p>
 * A package that is in no layer is held only to the rules that name no layer (no cycle,
 * nobody uses the CLI, the failure types use nothing): a new package is checked as soon
 * as it is added to the layer it belongs to.
 */
@AnalyzeClasses(packages = "io.keysweep", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

	private static final String CLI = "io.keysweep.cli..";

	private static final String FAILURE = "io.keysweep.failure..";

	@ArchTest
	static final ArchRule packagesAreFreeOfCycles = slices().matching("io.keysweep.(*)..").should().beFreeOfCycles();

	@ArchTest
	static final ArchRule layersPointDown = layeredArchitecture().consideringOnlyDependenciesInLayers()
		.layer("cli")
		.definedBy(CLI)
		.layer("operations")
		.definedBy("io.keysweep.run..", "io.keysweep.audit..", "io.keysweep.report..", "io.keysweep.progress..",
				"io.keysweep.metrics..", "io.keysweep.schedule..")
		.layer("batch")
		.definedBy("io.keysweep.batch..")
		.layer("parts")
		.definedBy("io.keysweep.scan..", "io.keysweep.expire..", "io.keysweep.alert..", "io.keysweep.tally..",
				"io.keysweep.throttle..", "io.keysweep.redis..", "io.keysweep.lock..", "io.keysweep.demo..",
				"io.keysweep.census..")
		.layer("model")
		.definedBy("io.keysweep.definition..", "io.keysweep.classify..", "io.keysweep.pattern..")
		.layer("failure")
		.definedBy(FAILURE)
		.whereLayer("cli")
		.mayNotBeAccessedByAnyLayer()
		.whereLayer("operations")
		.mayOnlyBeAccessedByLayers("cli")
		.whereLayer("batch")
		.mayOnlyBeAccessedByLayers("operations", "cli")
		.whereLayer("parts")
		.mayOnlyBeAccessedByLayers("batch", "operations", "cli")
		.whereLayer("model")
		.mayOnlyAccessLayers("failure");

	@ArchTest
	static final ArchRule onlyTheApplicationUsesTheCli = noClasses().that()
		.resideOutsideOfPackages(CLI, "io.keysweep")
		.should()
		.dependOnClassesThat()
		.resideInAPackage(CLI);

	@ArchTest
	static final ArchRule failuresAreALeaf = noClasses().that()
		.resideInAPackage(FAILURE)
		.should()
		.dependOnClassesThat()
		.resideOutsideOfPackages(FAILURE, "java..");

	@ArchTest
	static final ArchRule theModelIsPlainJava = noClasses().that()
		.resideInAnyPackage("io.keysweep.definition..", "io.keysweep.classify..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("org.springframework.batch..");

	@ArchTest
	static final ArchRule classifyStandsAlone = noClasses().that()
		.resideInAPackage("io.keysweep.classify..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.keysweep.definition..", "io.keysweep.tally..");

}
