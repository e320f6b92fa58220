package io.keysweep.cli;

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
	 * For a command that only reads or marks the job repository ({@code jobs},
	 * {@code report}, {@code stop}): the repository and nothing of Redis or of a sweep.
	 */
	static ConfigurableApplicationContext openRepository(CommonOptions options) {
		return open(JobRepositoryApplication.class, options, null);
	}

	/** For a command that sweeps: also {@code --threads}. */
	static ConfigurableApplicationContext open(CommonOptions options, ThreadsOption threads) {
		return open(KeysweepApplication.class, options, threads);
	}

	private static ConfigurableApplicationContext open(Class<?> application, CommonOptions options,
			ThreadsOption threads) {
		DataDirectory.prepare(options.dataDir);
		List<String> properties = new ArrayList<>();
		properties.add("--keysweep.data-dir=" + options.dataDir.toAbsolutePath());
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
		try {
			return new SpringApplicationBuilder(application).run(properties.toArray(String[]::new));
		}
		catch (RuntimeException e) {
			OperatorException repository = DataDirectory.explain(e, options.dataDir);
			if (repository == null) {
				repository = RefusedCredentials.explain(e);
			}
			throw repository == null ? e : repository;
		}
	}

}
