package io.keysweep.redis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;

/**
 * One target of a targets file, {@code keysweep.targets.<name>.*}: Spring Boot's
 * {@code spring.data.redis.*} settings, with the password from a file or an environment
 * variable in place of Boot's inline one (the sentinels' password too), and the jobs that
 * run on it.
 */
public class TargetProperties extends DataRedisProperties implements PasswordSource {

	/** The jobs to run on this target; empty: every enabled job. */
	private List<String> jobs = new ArrayList<>();

	/** A file whose first line is the password. */
	private Path passwordFile;

	/** The environment variable that holds the password. */
	private String passwordEnv;

	private Sentinel sentinel;

	public List<String> getJobs() {
		return jobs;
	}

	public void setJobs(List<String> jobs) {
		this.jobs = jobs;
	}

	@Override
	public Path getPasswordFile() {
		return passwordFile;
	}

	public void setPasswordFile(Path passwordFile) {
		this.passwordFile = passwordFile;
	}

	@Override
	public String getPasswordEnv() {
		return passwordEnv;
	}

	public void setPasswordEnv(String passwordEnv) {
		this.passwordEnv = passwordEnv;
	}

	/**
	 * Boot's sentinel settings as this target's: the binder takes the type of
	 * {@code sentinel} from this getter and its setter, so that
	 * {@code sentinel.password-file} and {@code sentinel.password-env} bind.
	 */
	@Override
	public Sentinel getSentinel() {
		return sentinel;
	}

	public void setSentinel(Sentinel sentinel) {
		this.sentinel = sentinel;
	}

	/**
	 * {@code sentinel.*}: Boot's master, nodes and username, and the sentinels' own
	 * password from a file or an environment variable.
	 */
	public static class Sentinel extends DataRedisProperties.Sentinel implements PasswordSource {

		/** A file whose first line is the sentinels' password. */
		private Path passwordFile;

		/** The environment variable that holds the sentinels' password. */
		private String passwordEnv;

		@Override
		public Path getPasswordFile() {
			return passwordFile;
		}

		public void setPasswordFile(Path passwordFile) {
			this.passwordFile = passwordFile;
		}

		@Override
		public String getPasswordEnv() {
			return passwordEnv;
		}

		public void setPasswordEnv(String passwordEnv) {
			this.passwordEnv = passwordEnv;
		}

	}

}
