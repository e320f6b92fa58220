package io.keysweep.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Options every command takes, before or after its other arguments. */
final class CommonOptions {

	@Option(names = "--redis-url", paramLabel = "URL",
			description = "Redis to sweep, redis[s]://[[user]:password@]host[:port][/db]. Default: env REDIS_URL, "
					+ "else spring.data.redis.url, else redis://localhost:6379. A password in the URL shows in the "
					+ "process list to every local user: use --redis-password-file or env REDIS_PASSWORD instead. "
					+ "keysweep never prints or stores it.")
	String redisUrl;

	@Option(names = "--redis-password-file", paramLabel = "FILE",
			description = "Read the Redis password from FILE (its first line), instead of env REDIS_PASSWORD. Keep "
					+ "FILE readable by keysweep's user only.")
	Path redisPasswordFile;

	@Option(names = "--redis-ca", paramLabel = "FILE",
			description = "For rediss:// URLs: PEM file of the CA certificate(s) to trust instead of the JVM's trust store.")
	Path redisCa;

	@Option(names = "--redis-client-cert", paramLabel = "FILE",
			description = "For rediss:// URLs: PKCS#12 file with a client certificate and its key, for servers that "
					+ "ask for one; its password from env REDIS_CLIENT_CERT_PASSWORD.")
	Path redisClientCert;

	@Option(names = "--targets", paramLabel = "FILE", defaultValue = "${env:KEYSWEEP_TARGETS}",
			description = "A targets file naming several Redis (keysweep.targets.<name>.*, in the shape of Spring "
					+ "Boot's spring.data.redis.*, with the jobs that run on each), instead of --redis-url. Default: "
					+ "env KEYSWEEP_TARGETS.")
	Path targets;

	@Option(names = "--target", paramLabel = "NAME",
			description = "With --targets: the target a command for one job sweeps, stops or resumes on.")
	String target;

	@Option(names = "--jobs-dir", paramLabel = "DIR", defaultValue = "jobs",
			description = "Where the job definitions (<job>.yml) are. Default: ${DEFAULT-VALUE}")
	Path jobsDir;

	@Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
			description = "Where the job repository (an H2 file) lives unless --job-repository names another; created "
					+ "if missing. Default: ${DEFAULT-VALUE}")
	Path dataDir;

	@Option(names = "--job-repository", paramLabel = "URL",
			description = "JDBC URL of a job repository shared by several hosts, e.g. "
					+ "jdbc:postgresql://db.example:5432/keysweep, instead of the H2 file in --data-dir. Default: env "
					+ "KEYSWEEP_JOB_REPOSITORY, else spring.datasource.url. The user comes from env "
					+ "KEYSWEEP_JOB_REPOSITORY_USER; a URL with a password in it is refused.")
	String jobRepository;

	@Option(names = "--job-repository-password-file", paramLabel = "FILE",
			description = "Read the job repository's password from FILE (its first line), instead of env "
					+ "KEYSWEEP_JOB_REPOSITORY_PASSWORD. keysweep never prints or stores it.")
	Path jobRepositoryPasswordFile;

	@Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
			description = "text, or json: one JSON object per log line, each with the job name and execution id "
					+ "of the run. Default: ${DEFAULT-VALUE}")
	LogFormat logFormat;

	@Option(names = { "-v", "--verbose" },
			description = "Log what Spring Batch and keysweep do, and print stack traces.")
	boolean verbose;

}
