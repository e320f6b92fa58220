package io.keysweep.definition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The job definitions in a jobs directory: one {@code <name>.yml} file per sweep. */
public final class JobDefinitions {

	private static final String SUFFIX = ".yml";

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

	private final Path directory;

	public JobDefinitions(Path directory) {
		this.directory = directory;
	}

	/**
	 * @throws InvalidDefinitionException for an unknown job or an invalid file
	 */
	public JobDefinition load(String name) {
		if (!NAME.matcher(name).matches() || name.endsWith(SUFFIX)) {
			throw new InvalidDefinitionException(
					"unknown job '" + name + "': give the file name in " + directory + " without " + SUFFIX);
		}
		Path file = directory.resolve(name + SUFFIX);
		if (!Files.isRegularFile(file)) {
			throw new InvalidDefinitionException(
					"unknown job '" + name + "': no " + file + " (jobs there: " + String.join(", ", names()) + ")");
		}
		try {
			return DefinitionParser.parse(name, file.toString(), Files.readAllBytes(file));
		}
		catch (IOException e) {
			throw new InvalidDefinitionException(file + ": cannot read: " + e.getMessage());
		}
	}

	/**
	 * The names of the definitions in the directory, sorted; empty when there is no such
	 * directory.
	 */
	public List<String> names() {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.map(p -> p.getFileName().toString())
				.filter(f -> f.endsWith(SUFFIX))
				.map(f -> f.substring(0, f.length() - SUFFIX.length()))
				.sorted()
				.toList();
		}
		catch (IOException e) {
			throw new InvalidDefinitionException("cannot list " + directory + ": " + e.getMessage());
		}
	}

}
