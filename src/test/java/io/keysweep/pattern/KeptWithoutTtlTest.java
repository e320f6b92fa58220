package io.keysweep.pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class KeptWithoutTtlTest {

	@ParameterizedTest
	@CsvSource({ "queue:default, true", "queue:*, true", "myapp:queue:mailers, true", "queues, true",
			"myapp:retry, true", "dead, true", "batch-died, true", "stat:processed, true", "stat:processed:*, false",
			"user:*:dead, false", "*:*:*:work, false", "b-*-notify, false", "session:*, false" })
	void knowsSidekiqsOwnStructuresWithOrWithoutANamespace(String pattern, boolean byDesign) {
		assertThat(KeptWithoutTtl.byDesign(pattern)).as(pattern).isEqualTo(byDesign);
	}

}
