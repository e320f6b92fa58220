package io.keysweep.redis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;

/**
 * One target of a targets file, {@code keysweep.targets.<name>.*}: Spring Boot's
 * {@code spring.data.redis.*} settings, with the password from a file or an environment
 * variable in place of Boot's inline one, and the jobs that run on it.
 */
public class TargetProperties extends DataRedisProperties {

	/** The jobs to run on this target; empty: every enabled job. */
	private List<String> jobs = new ArrayList<>();

	/** A file whose first line is the password. */
	private Path passwordFile;

	/** The environment variable that holds the password. */
	private String passwordEnv;

	public List<String> getJobs() {
		return jobs;
	}

	public void setJobs(List<String> jobs) {
		this.jobs = jobs;
	}

	public Path getPasswordFile() {
		return passwordFile;
	}

	public void setPasswordFile(Path passwordFile) {
		this.passwordFile = passwordFile;
	}

	public String getPasswordEnv() {
		return passwordEnv;
	}

	public void setPasswordEnv(String passwordEnv) {
		this.passwordEnv = passwordEnv;
	}

}
