package io.keysweep.expire;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import javax.sql.DataSource;

import io.keysweep.classify.Expiry;
import io.keysweep.testing.RedisServer;
import io.keysweep.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The record of a chunk's keys against a real job repository (H2): committed before the
 * chunk's transaction fails, read back by the next execution, kept through a second
 * failure until the keys are met again, dropped by a chunk that commits.
 */
class InFlightChunkTest {

	/** A rule's class may hold any character the record's encoding uses. */
	private static final String CLASS = "rule:a,b";

	@RegisterExtension
	static final RedisServer redis = RedisServer.perClass();

	@TempDir
	Path dir;

	private TestApp app;

	private JobRepository repository;

	private TransactionTemplate transaction;

	@BeforeEach
	void startApp() {
		app = TestApp.start(redis.url(), dir);
		repository = app.bean(JobRepository.class);
		transaction = new TransactionTemplate(app.bean(PlatformTransactionManager.class));
	}

	@AfterEach
	void stopApp() {
		app.close();
	}

	@Test
	void aChunkThatFailsAfterItsRecordLeavesItsKeysToTheNextExecutionEvenThroughASecondFailure() throws Exception {
		StepExecution first = app.startedStep("in-flight");
		InFlightChunk<Expiry> crashed = inFlight(first);
		failAfterRecording(crashed, chunk("a", "b"));

		InFlightChunk<Expiry> resumed = inFlight(restored(first));
		assertThat(resumed.claim(key("a"))).isEqualTo(CLASS);
		failAfterRecording(resumed, chunk("c"));

		InFlightChunk<Expiry> again = inFlight(restored(first));
		assertThat(again.claim(key("c"))).as("a key of the second lost chunk").isEqualTo(CLASS);
		assertThat(again.claim(key("a"))).as("met by the second execution, which did not commit").isEqualTo(CLASS);
		assertThat(again.claim(key("a"))).as("claimed once").isNull();
		assertThat(again.claim(key("z"))).isNull();
	}

	@Test
	void aLostKeyThatTheNextChunkSendsAgainIsRecordedOnceInTheClassThatChunkGivesIt() throws Exception {
		StepExecution first = app.startedStep("in-flight");
		failAfterRecording(inFlight(first), chunk("a", "b"));

		InFlightChunk<Expiry> resumed = inFlight(restored(first));
		Chunk<Expiry> again = new Chunk<>();
		again.add(new Expiry(key("a"), "another", 60, false, "string"));
		failAfterRecording(resumed, again);

		InFlightChunk<Expiry> third = inFlight(restored(first));
		assertThat(third.claim(key("a"))).as("the class of the chunk that sent it last").isEqualTo("another");
		assertThat(third.claim(key("b"))).as("a lost key not met again").isEqualTo(CLASS);
		assertThat(third.neverMet()).isEmpty();
	}

	@Test
	void aChunkThatCommitsDropsItsKeys() throws Exception {
		StepExecution step = app.startedStep("in-flight");
		InFlightChunk<Expiry> inFlight = inFlight(step);
		transaction.executeWithoutResult(status -> {
			inFlight.beforeWrite(chunk("a"));
			inFlight.afterChunk(chunk("a"));
			repository.updateExecutionContext(step);
		});

		assertThat(inFlight(restored(step)).claim(key("a"))).isNull();
	}

	@Test
	void theKeysOfALostChunkNeverMetAgainAreCountedOnceByClassAndLeaveTheRecord() throws Exception {
		StepExecution first = app.startedStep("in-flight");
		failAfterRecording(inFlight(first), chunk("a", "b", "c"));

		StepExecution resumedStep = restored(first);
		InFlightChunk<Expiry> resumed = inFlight(resumedStep);
		resumed.claim(key("b"));
		assertThat(resumed.neverMet()).containsExactly(Map.entry(CLASS, 2L));
		assertThat(resumed.neverMet()).isEmpty();
		repository.updateExecutionContext(resumedStep);
		assertThat(inFlight(restored(first)).neverMet()).isEmpty();
	}

	private void failAfterRecording(InFlightChunk<Expiry> inFlight, Chunk<Expiry> chunk) {
		assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
			inFlight.beforeWrite(chunk);
			throw new IllegalStateException("the chunk's checkpoint did not commit");
		})).hasMessageContaining("did not commit");
	}

	private InFlightChunk<Expiry> inFlight(StepExecution step) {
		InFlightChunk<Expiry> inFlight = new InFlightChunk<>(repository, app.bean(DataSource.class), Expiry::key,
				Expiry::keyClass);
		inFlight.beforeStep(step);
		return inFlight;
	}

	/** The step as the job repository has it, as a restart reads it. */
	private StepExecution restored(StepExecution step) {
		return repository.getStepExecution(step.getId());
	}

	private static Chunk<Expiry> chunk(String... names) {
		Chunk<Expiry> chunk = new Chunk<>();
		for (String name : names) {
			chunk.add(new Expiry(key(name), CLASS, 60, false, "string"));
		}
		return chunk;
	}

	private static byte[] key(String name) {
		return ("b-" + name + "-notify").getBytes(StandardCharsets.UTF_8);
	}

}
