package io.keysweep.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The project's documentation as the checks see it: the README, the documents under
 * src/docs, the deploy files.
 */
final class Documentation {

	static final Path README = Path.of("README.md");
	static final Path DOCS = Path.of("src/docs");
	static final Path DEPLOY = Path.of("src/main/deploy");

	private Documentation() {
	}

	/** The README first, then src/docs/*.md in name order. */
	static List<Markdown> all() {
		List<Markdown> all = new ArrayList<>();
		all.add(Markdown.read(README));
		docs().forEach(path -> all.add(Markdown.read(path)));
		return all;
	}

	/** The documents under src/docs. */
	static List<Path> docs() {
		return list(DOCS).stream().filter(path -> path.toString().endsWith(".md")).toList();
	}

	/** The deployment files under src/main/deploy. */
	static List<Path> deployFiles() {
		return list(DEPLOY);
	}

	private static List<Path> list(Path dir) {
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter(Files::isRegularFile).sorted().toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
