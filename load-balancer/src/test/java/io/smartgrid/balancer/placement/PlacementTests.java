package io.smartgrid.balancer.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The budget and ceiling decisions of one start, on a ticker that moves only when told. */
class PlacementTests {

    private static final Duration DEADLINE = Duration.ofMillis(2500);

    private final FakeTicker ticker = new FakeTicker();
    private final Placement placement = new Placement(new Placement.Limits(3, DEADLINE, true), ticker);

    @Test
    void theFirstTryMayTakeTheWholeDeadlineAndGoesWithACeiling() {
        assertThat(placement.nextBudget()).contains(DEADLINE);
        assertThat(placement.withCeiling(DEADLINE)).isTrue();
    }

    @Test
    void theBudgetIsWhatIsLeftOfTheDeadline() {
        ticker.advance(Duration.ofMillis(900));

        assertThat(placement.nextBudget()).contains(Duration.ofMillis(1600));
    }

    @Test
    void lessThanTheSmallestUsefulAttemptLeftMeansNoFurtherTry() {
        ticker.advance(DEADLINE.minus(Placement.MIN_ATTEMPT));
        assertThat(placement.nextBudget()).contains(Placement.MIN_ATTEMPT);

        ticker.advance(Duration.ofNanos(1));
        assertThat(placement.nextBudget()).isEmpty();
    }

    @Test
    void fullAndFailedSubstationsUseUpTheAttempts() {
        placement.full();
        placement.failed();
        assertThat(placement.nextBudget()).isPresent();

        placement.failed();
        assertThat(placement.nextBudget()).isEmpty();
    }

    @Test
    void refusalsAboveTheCeilingAreNotAttemptsAndLeaveTheSubstationACandidate() {
        placement.trying(4);
        placement.refusedAboveCeiling(4, ticker.nanoTime());
        placement.trying(4);
        placement.refusedAboveCeiling(4, ticker.nanoTime());
        placement.trying(4);
        placement.refusedAboveCeiling(4, ticker.nanoTime());

        assertThat(placement.nextBudget()).isPresent();
        assertThat(placement.tried().get(4)).isFalse();
    }

    @Test
    void aTriedSubstationIsNotTriedAgain() {
        placement.trying(2);
        placement.full();

        assertThat(placement.tried().get(2)).isTrue();
    }

    @Test
    void onceRefusalsHaveUsedUpTheirBudgetTheNextTryGoesWithoutACeiling() {
        for (int i = 0; i < 2; i++) {
            placement.refusedAboveCeiling(0, ticker.nanoTime());
        }
        assertThat(placement.withCeiling(DEADLINE)).isTrue();

        placement.refusedAboveCeiling(0, ticker.nanoTime());
        assertThat(placement.withCeiling(DEADLINE)).isFalse();
    }

    @Test
    void inTheLastFifthOfTheDeadlineATryGoesWithoutACeiling() {
        Duration lastFifth = DEADLINE.dividedBy(Placement.LAST_TRY_PART);

        assertThat(placement.withCeiling(lastFifth)).isTrue();
        assertThat(placement.withCeiling(lastFifth.minusNanos(1))).isFalse();
    }

    @Test
    void aTryGoesWithoutACeilingWhenAnotherRefusalAsSlowAsTheSlowestWouldLeaveNoTimeAfterIt() {
        long calledAt = ticker.nanoTime();
        ticker.advance(Duration.ofMillis(600));
        placement.refusedAboveCeiling(0, calledAt);

        assertThat(placement.withCeiling(Duration.ofMillis(1200))).isTrue();
        assertThat(placement.withCeiling(Duration.ofMillis(1199))).isFalse();
    }

    @Test
    void withoutConditionalAdmissionNoTryHasACeiling() {
        Placement unconditional = new Placement(new Placement.Limits(3, DEADLINE, false), ticker);

        assertThat(unconditional.withCeiling(DEADLINE)).isFalse();
    }

    @Test
    void theRejectionSaysFullOnlyWhenSomeSubstationHadNoRoom() {
        placement.failed();
        assertThat(placement.rejection(Duration.ofSeconds(5)).isFull()).isFalse();

        placement.noCandidate(true);
        assertThat(placement.rejection(Duration.ofSeconds(5)).isFull()).isTrue();
    }

    @Test
    void aFullSubstationMakesTheRejectionFull() {
        placement.full();

        assertThat(placement.rejection(Duration.ofSeconds(5)).isFull()).isTrue();
    }
}
