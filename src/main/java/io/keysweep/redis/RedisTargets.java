package io.keysweep.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.keysweep.failure.OperatorException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.FileSystemResource;

/**
 * The Redis targets of a targets file: {@code keysweep.targets.<name>.*}, each in the
 * shape of Spring Boot's {@code spring.data.redis.*} (see {@link BootRedisProperties}),
 * its password from {@code password-file} or {@code password-env} (never inline: the file
 * is read by whoever reads the jobs), its sentinels' from {@code sentinel.password-file}
 * or {@code sentinel.password-env}, and the {@code jobs} that run on it. The name is what
 * the job repository and the reports know the target by.
 */
public final class RedisTargets {

	static final String PREFIX = "keysweep.targets";

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

	/** A target as the commands that sweep many see it. */
	public record Target(String name, List<String> jobs) {

		/** Whether the job runs on this target: it names the job, or names none. */
		public boolean runs(String job) {
			return jobs.isEmpty() || jobs.contains(job);
		}

	}

	private final Map<String, TargetProperties> targets;

	private final String source;

	private RedisTargets(Map<String, TargetProperties> targets, String source) {
		this.targets = targets;
		this.source = source;
	}

	/**
	 * Reads and checks a targets file: every target's endpoint and password are resolved,
	 * so that a run refuses a bad file before it sweeps anything.
	 * @throws OperatorException naming the file and what is wrong in it
	 */
	public static RedisTargets load(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new OperatorException("--targets: no file " + file);
		}
		try {
			var sources = new YamlPropertySourceLoader().load(file.toString(), new FileSystemResource(file));
			return bind(new Binder(ConfigurationPropertySources.from(sources)), "targets file " + file);
		}
		catch (IOException | IllegalStateException e) {
			throw new OperatorException("targets file " + file + " is not YAML keysweep can read: "
					+ String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
		}
	}

	/**
	 * The targets under {@code keysweep.targets}, checked as {@link #load} checks them.
	 * @param source what to call the settings in messages
	 */
	static RedisTargets bind(Binder binder, String source) {
		Map<String, TargetProperties> targets;
		try {
			targets = binder
				.bind(PREFIX, Bindable.mapOf(String.class, TargetProperties.class),
						new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
				.orElse(Map.of());
		}
		catch (BindException e) {
			throw new OperatorException(source + ": " + (e.getCause() instanceof UnboundConfigurationPropertiesException
					? "unknown setting " + unbound(e) : "cannot read " + e.getProperty().getName()));
		}
		if (targets.isEmpty()) {
			throw new OperatorException(source + " names no target: give keysweep.targets.<name>.url (or host)");
		}
		RedisTargets checked = new RedisTargets(targets, source);
		targets.keySet().forEach(checked::endpoint);
		return checked;
	}

	private static String unbound(BindException e) {
		return ((UnboundConfigurationPropertiesException) e.getCause()).getUnboundProperties()
			.iterator()
			.next()
			.getName()
			.toString();
	}

	/** Every target, in the file's order. */
	public List<Target> all() {
		return targets.entrySet()
			.stream()
			.map(e -> new Target(e.getKey(), List.copyOf(e.getValue().getJobs())))
			.toList();
	}

	/**
	 * @throws OperatorException when there is no such target
	 */
	public Target named(String name) {
		return all().stream()
			.filter(t -> t.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new OperatorException(
					"no target '" + name + "' in " + source + "; it names " + String.join(", ", targets.keySet())));
	}

	/**
	 * The connector of the target, known by its name.
	 * @param bundles Boot's SSL bundles, for a target that names {@code ssl.bundle}
	 */
	RedisConnector connector(String name, SslBundles bundles) {
		named(name);
		TlsSettings tls = BootRedisProperties.bundle(targets.get(name), bundles);
		return new RedisConnector(name, endpoint(name), tls == null ? TlsSettings.DEFAULT : tls);
	}

	private RedisEndpoint endpoint(String name) {
		String where = source + ", target '" + name + "'";
		if (!NAME.matcher(name).matches()) {
			throw new OperatorException(where + ": a target's name is lower-case letters, digits and '-'");
		}
		TargetProperties target = targets.get(name);
		TargetProperties.Sentinel sentinel = target.getSentinel();
		refuseInline(target.getPassword(), where, "");
		refuseInline(sentinel == null ? null : sentinel.getPassword(), where, "sentinel.");
		String password = target.password(where, "");
		String sentinelPassword = sentinel == null ? null : sentinel.password(where, "sentinel.");
		RedisEndpoint endpoint;
		try {
			endpoint = RedisEndpoint.parse(BootRedisProperties.url(target), target.getUsername(), password)
				.withSentinelLogin(sentinel == null ? null : sentinel.getUsername(), sentinelPassword,
						"sentinel.username, sentinel.password-file or sentinel.password-env");
		}
		catch (OperatorException e) {
			throw new OperatorException(where + ": " + e.getMessage());
		}
		if (endpoint.password() != null && !endpoint.password().equals(password)) {
			throw new OperatorException(where + ": its url carries a password, which is never written in the file: "
					+ "give password-file or password-env");
		}
		return endpoint;
	}

	private static void refuseInline(String password, String where, String prefix) {
		if (password != null) {
			throw new OperatorException(where + ": a password is never written in the file: give " + prefix
					+ "password-file or " + prefix + "password-env");
		}
	}

}
