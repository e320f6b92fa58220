package io.keysweep.testing;

import java.nio.file.Path;

/**
 * The databases a job repository can be in, for tests that prove the same behaviour on
 * each: {@code @EnumSource(JobRepositoryKind.class)}.
 */
public enum JobRepositoryKind {

	/** The default: an H2 file in the data dir. */
	H2,

	/** A database of its own on the test suite's PostgreSQL server. */
	POSTGRESQL;

	/** A new, empty job repository of this kind for one test. */
	public TestRepository create(Path dataDir) {
		return this == H2 ? TestRepository.h2(dataDir)
				: TestRepository.postgres(PostgresServer.shared().newDatabase(), dataDir.resolveSibling("pg-password"));
	}

}
