package io.keysweep.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.logback.LogbackLoggingSystem;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * The settings of a command that reads the job repository without starting Spring Boot
 * ({@code jobs}, {@code report}): Boot's order of the sources keysweep's settings come
 * from (the command's own properties, Java system properties, the environment, then
 * keysweep's {@code application.properties}) and Boot's logging system configured from
 * them. What this leaves out of Boot's start, the search for configuration files and
 * profiles, is what took most of these commands' time; an operator who uses them (a file
 * in one of Boot's places, {@code spring.config.*}, {@code spring.profiles.*},
 * {@code SPRING_APPLICATION_JSON}) gets Boot's start instead ({@link #userConfigured}).
 */
final class CommandEnvironment implements AutoCloseable {

	private final ConfigurableEnvironment environment;

	private final LoggingSystem logging;

	private CommandEnvironment(ConfigurableEnvironment environment, LoggingSystem logging) {
		this.environment = environment;
		this.logging = logging;
	}

	static CommandEnvironment start(String[] properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(properties));
		try {
			environment.getPropertySources()
				.addLast(new ResourcePropertySource(new ClassPathResource("application.properties")));
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot read keysweep's application.properties", e);
		}
		return new CommandEnvironment(environment, startLogging(environment));
	}

	ConfigurableEnvironment environment() {
		return environment;
	}

	/**
	 * Releases the logging system as Boot does when its application closes, so that the
	 * next command in the same JVM (the tests, the archive's training) configures it
	 * anew: Logback keeps the first configuration it was given until then.
	 */
	@Override
	public void close() {
		logging.cleanUp();
	}

	/**
	 * Whether the operator configures Spring Boot beyond keysweep's options and the
	 * environment: by a file where Boot looks for one ({@code ./application.*},
	 * {@code ./config/application.*}, {@code ./config/}{@code *}{@code /application.*},
	 * with profile variants), or by Boot's settings that name other files, profiles or
	 * JSON.
	 */
	static boolean userConfigured(Path workingDirectory) {
		Path config = workingDirectory.resolve("config");
		return Stream.concat(System.getProperties().stringPropertyNames().stream(), System.getenv().keySet().stream())
			.map(name -> name.toLowerCase(Locale.ROOT).replace('_', '.'))
			.anyMatch(name -> name.startsWith("spring.config.") || name.startsWith("spring.profiles.")
					|| name.equals("spring.application.json"))
				|| holdsBootConfig(workingDirectory) || holdsBootConfig(config)
				|| subdirectories(config).anyMatch(CommandEnvironment::holdsBootConfig);
	}

	private static boolean holdsBootConfig(Path directory) {
		// the files Boot's loaders read; a profile's file counts whether or not the
		// profile is active, which only Boot's start can tell
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory,
				"application{,-*}.{properties,xml,yml,yaml}")) {
			return files.iterator().hasNext();
		}
		catch (IOException notThere) {
			return false;
		}
	}

	private static Stream<Path> subdirectories(Path directory) {
		if (!Files.isDirectory(directory)) {
			return Stream.empty();
		}
		try (Stream<Path> entries = Files.list(directory)) {
			return entries.filter(Files::isDirectory).toList().stream();
		}
		catch (IOException e) {
			return Stream.empty();
		}
	}

	/**
	 * As Boot's start does: its logging system, with the configuration file, log file,
	 * pattern, format and levels of the {@code logging.*} settings.
	 */
	private static LoggingSystem startLogging(ConfigurableEnvironment environment) {
		// Logback, which keysweep ships, named rather than looked up: the lookup reads
		// every jar's spring.factories
		LoggingSystem logging = new LogbackLoggingSystem(CommandEnvironment.class.getClassLoader());
		logging.beforeInitialize();
		// the operator's own Logback file (logging.config) and log file (logging.file.*),
		// as Boot's start passes them
		String config = environment.getProperty("logging.config", "").strip();
		logging.initialize(new LoggingInitializationContext(environment),
				config.isEmpty() || config.startsWith("-D") ? null : config, LogFile.get(environment));
		Map<String, LogLevel> levels = Binder.get(environment)
			.bind("logging.level", Bindable.mapOf(String.class, LogLevel.class))
			.orElse(Map.of());
		levels.forEach((name, level) -> logging
			.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME.equalsIgnoreCase(name) ? null : name, level));
		return logging;
	}

}
