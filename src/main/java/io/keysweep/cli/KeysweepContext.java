package io.keysweep.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.keysweep.KeysweepApplication;
import io.keysweep.failure.OperatorException;
import io.keysweep.run.RefusedCredentials;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Spring application a command needs, configured from the common options. */
final class KeysweepContext {

	private KeysweepContext() {
	}

	/**
	 * For a command that only reads the job repository ({@code jobs}, {@code report}):
	 * its views, made without starting Spring Boot unless the operator configures Boot
	 * itself or gives a targets file, which Boot reads as a configuration file.
	 */
	static RepositoryViews readRepository(CommonOptions options) throws Exception {
		return repository(options, TargetsFile.chosen(options, false));
	}

	/**
	 * As {@link #readRepository}, for a command about one job on one Redis
	 * ({@code stop}): with a targets file, the target of {@code --target}.
	 */
	static RepositoryViews repositoryOfTarget(CommonOptions options) throws Exception {
		return repository(options, TargetsFile.chosen(options, true));
	}

	private static RepositoryViews repository(CommonOptions options, String target) throws Exception {
		if (options.targets != null || CommandEnvironment.userConfigured(Path.of("."))) {
			return RepositoryViews.of(open(JobRepositoryApplication.class, options, null, target));
		}
		DataDirectory.prepare(options.dataDir);
		try {
			return RepositoryViews.standalone(CommandEnvironment.start(properties(options, null, target)));
		}
		catch (RuntimeException e) {
			throw explained(e, options);
		}
	}

	/**
	 * For a command that sweeps: also {@code --threads}; with a targets file, on the
	 * target of {@code --target}.
	 */
	static ConfigurableApplicationContext open(CommonOptions options, ThreadsOption threads) {
		return open(KeysweepApplication.class, options, threads, TargetsFile.chosen(options, true));
	}

	/** For a command that sweeps several targets: on this one of the targets file. */
	static ConfigurableApplicationContext open(CommonOptions options, ThreadsOption threads, String target) {
		return open(KeysweepApplication.class, options, threads, target);
	}

	private static ConfigurableApplicationContext open(Class<?> application, CommonOptions options,
			ThreadsOption threads, String target) {
		DataDirectory.prepare(options.dataDir);
		try {
			return new SpringApplicationBuilder(application).run(properties(options, threads, target));
		}
		catch (RuntimeException e) {
			throw explained(e, options);
		}
	}

	/** The common options as Spring properties, in the form of command-line arguments. */
	private static String[] properties(CommonOptions options, ThreadsOption threads, String target) {
		List<String> properties = new ArrayList<>();
		properties.add("--keysweep.data-dir=" + options.dataDir.toAbsolutePath());
		if (options.targets != null) {
			// Boot reads the file as a config file, so that its spring.ssl.bundle.* are
			// there for the targets that name a bundle
			properties.add("--spring.config.import=file:" + options.targets.toAbsolutePath());
		}
		if (target != null) {
			properties.add("--keysweep.target=" + target);
		}
		if (threads != null) {
			properties.add("--keysweep.threads=" + threads.threads);
		}
		if (options.redisUrl != null) {
			properties.add("--keysweep.redis-url=" + options.redisUrl);
		}
		if (options.redisPasswordFile != null) {
			properties.add("--keysweep.redis-password-file=" + options.redisPasswordFile.toAbsolutePath());
		}
		if (options.redisCa != null) {
			properties.add("--keysweep.redis-ca=" + options.redisCa.toAbsolutePath());
		}
		if (options.redisClientCert != null) {
			properties.add("--keysweep.redis-client-cert=" + options.redisClientCert.toAbsolutePath());
		}
		if (options.jobRepository != null) {
			properties.add("--keysweep.job-repository=" + options.jobRepository);
		}
		if (options.jobRepositoryPasswordFile != null) {
			properties
				.add("--keysweep.job-repository-password-file=" + options.jobRepositoryPasswordFile.toAbsolutePath());
		}
		if (options.logFormat == LogFormat.json) {
			properties.add("--logging.structured.format.console=logstash");
		}
		if (options.verbose) {
			properties.add("--logging.level.root=INFO");
			properties.add("--logging.level.org.springframework=INFO");
			properties.add("--logging.level.io.keysweep=DEBUG");
		}
		return properties.toArray(String[]::new);
	}

	/**
	 * A failure to open the job repository as the operator error it is (a corrupt H2
	 * file, refused credentials), else the failure itself.
	 */
	private static RuntimeException explained(RuntimeException failure, CommonOptions options) {
		OperatorException repository = DataDirectory.explain(failure, options.dataDir);
		if (repository == null) {
			repository = RefusedCredentials.explain(failure);
		}
		return repository == null ? failure : repository;
	}

}
