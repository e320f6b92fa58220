package io.keysweep.batch;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster's masters are swept on threads of their own: their log lines carry the job,
 * execution and target of the thread that started them, and leave nothing behind on the
 * pool's thread.
 */
class LogContextTest {

	@AfterEach
	void clear() {
		MDC.clear();
	}

	@Test
	void aTaskHandedOverCarriesTheContextAndLeavesNoneBehind() throws Exception {
		AtomicReference<Map<String, String>> seen = new AtomicReference<>();
		AtomicReference<Map<String, String>> after = new AtomicReference<>();
		Runnable task;
		try (MDC.MDCCloseable target = LogContext.onTarget("cache-eu")) {
			MDC.put(LogContext.JOB, "notify");
			task = LogContext.handedOver().decorate(() -> seen.set(MDC.getCopyOfContextMap()));
		}
		assertThat(MDC.get(LogContext.TARGET)).as("closed on this thread").isNull();

		CompletableFuture.runAsync(() -> {
			task.run();
			after.set(MDC.getCopyOfContextMap());
		}).get();

		assertThat(seen.get()).containsEntry(LogContext.TARGET, "cache-eu").containsEntry(LogContext.JOB, "notify");
		assertThat(after.get()).isNullOrEmpty();
	}

}
