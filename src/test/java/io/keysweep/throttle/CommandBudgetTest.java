package io.keysweep.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The COUNT a budget asks for follows the cost of the calls before it: no Redis needed,
 * the times are what a server would have taken.
 */
class CommandBudgetTest {

	private static final long MICROS = 1_000;

	@Test
	void growsTowardHalfTheBudgetAtMostTwofoldACall() {
		CommandBudget budget = new CommandBudget(Duration.ofMillis(1), 5_000);
		assertThat(budget.count()).isEqualTo(CommandBudget.FIRST_COUNT);
		// 0.5 us a key: 1000 keys fit in half of 1 ms
		budget.took(100, 50 * MICROS);
		assertThat(budget.count()).isEqualTo(200);
		budget.took(200, 100 * MICROS);
		budget.took(400, 200 * MICROS);
		budget.took(800, 400 * MICROS);
		assertThat(budget.count()).isEqualTo(1_000);
	}

	@Test
	void believesASlowCallAtOnceAndAFastOneInPart() {
		CommandBudget budget = new CommandBudget(Duration.ofMillis(1), 5_000);
		budget.took(100, 100 * MICROS);
		budget.took(200, 200 * MICROS);
		budget.took(400, 400 * MICROS);
		assertThat(budget.count()).isEqualTo(500);
		// a call four times as slow a key: the next one is a quarter
		budget.took(500, 2_000 * MICROS);
		assertThat(budget.count()).isEqualTo(125);
		// fast again: it grows back, not at once
		budget.took(125, 125 * MICROS);
		assertThat(budget.count()).isBetween(126, 249);
	}

	@Test
	void staysWithinTheDefinitionsScanCountAndAFloor() {
		CommandBudget budget = new CommandBudget(Duration.ofMillis(100), 300);
		budget.took(100, 1 * MICROS);
		budget.took(200, 1 * MICROS);
		assertThat(budget.count()).isEqualTo(300);
		budget.took(300, 10_000_000 * MICROS);
		assertThat(budget.count()).isEqualTo(CommandBudget.MIN_COUNT);
	}

	@Test
	void sizesByRedissOwnTimeOnceToldButNeverPastWhatTheLastRoundTripAllows() {
		CommandBudget budget = new CommandBudget(Duration.ofMillis(1), 5_000);
		// round trips of 2.5 us a unit, most of it a wait behind other commands
		budget.took(100, 250 * MICROS);
		budget.took(200, 500 * MICROS);
		assertThat(budget.count()).isEqualTo(200);
		// Redis itself spent 1 us a unit: 500 fit in half the budget, but the last round
		// trip lets no more than 400 take the whole budget
		budget.served(300, 300 * MICROS);
		assertThat(budget.count()).isEqualTo(400);
		budget.took(400, 600 * MICROS);
		assertThat(budget.count()).isEqualTo(500);
		// one slow round trip shortens the next call at once, and the one after grows
		// back twofold
		budget.took(500, 4_000 * MICROS);
		assertThat(budget.count()).isEqualTo(125);
		budget.took(125, 150 * MICROS);
		assertThat(budget.count()).isEqualTo(250);
	}

	@Test
	void believesASlowerServerAtOnceAndAFasterOneInPart() {
		CommandBudget budget = new CommandBudget(Duration.ofMillis(1), 5_000);
		budget.took(100, 10 * MICROS);
		budget.took(200, 20 * MICROS);
		budget.took(400, 40 * MICROS);
		budget.served(700, 700 * MICROS);
		assertThat(budget.count()).isEqualTo(500);
		budget.served(500, 2_000 * MICROS);
		assertThat(budget.count()).isEqualTo(125);
		budget.served(500, 500 * MICROS);
		assertThat(budget.count()).isBetween(126, 249);
	}

}
