package io.keysweep.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory removed with everything in it when closed. */
public final class ScratchDirectory implements AutoCloseable {

	private final Path path;

	private ScratchDirectory(Path path) {
		this.path = path;
	}

	public static ScratchDirectory create(String prefix) throws IOException {
		return new ScratchDirectory(Files.createTempDirectory(prefix));
	}

	public Path path() {
		return path;
	}

	@Override
	public void close() throws IOException {
		try (Stream<Path> files = Files.walk(path)) {
			for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}

}
