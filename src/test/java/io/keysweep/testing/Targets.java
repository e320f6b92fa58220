package io.keysweep.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.util.FileSystemUtils;

/**
 * Both Redis versions a sweep must work on, each with a keysweep application, for one
 * test class: {@code @RegisterExtension static final Targets targets = new Targets();}
 * and a {@code @MethodSource} returning {@link #both()}.
 */
public final class Targets implements BeforeAllCallback, AfterAllCallback {

	private Path dataDirs;

	private Target latest;

	private Target v62;

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		dataDirs = Files.createTempDirectory("keysweep-targets");
		latest = Target.of("latest", RedisServer.latest(), dataDirs.resolve("latest"));
		v62 = Target.of("6.2", RedisServer.v62(), dataDirs.resolve("v62"));
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		latest.stop();
		v62.stop();
		FileSystemUtils.deleteRecursively(dataDirs);
	}

	/**
	 * Redis 7 from PATH (EXPIRE NX) where there is one, then Redis 6.2 (the Lua script).
	 */
	public Stream<Target> both() {
		return Stream.of(latest, v62);
	}

	public Target v62() {
		return v62;
	}

}
