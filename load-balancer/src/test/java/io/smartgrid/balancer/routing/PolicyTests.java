package io.smartgrid.balancer.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.BitSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every policy must guarantee, whatever it optimises for. */
class PolicyTests {

    private static final BitSet NONE = new BitSet();

    static Stream<String> policies() {
        return Policies.NAMES.stream();
    }

    @ParameterizedTest
    @MethodSource("policies")
    void skipsFullUnhealthyAndExcludedCandidates(String name) {
        Policy policy = Policies.byName(name);
        Candidate[] snapshot = {
                new Candidate("full", 100, 95, 9, true),
                new Candidate("down", 100, 0, 0, false),
                new Candidate("tried", 100, 0, 0, true),
                new Candidate("free", 100, 50, 5, true),
        };
        BitSet excluded = new BitSet();
        excluded.set(2);

        for (int i = 0; i < 200; i++) {
            assertThat(policy.choose(snapshot, 11, excluded)).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @MethodSource("policies")
    void answersMinusOneWhenNothingFits(String name) {
        Policy policy = Policies.byName(name);
        Candidate[] snapshot = {
                new Candidate("a", 100, 90, 9, true),
                new Candidate("b", 50, 45, 4, true),
                new Candidate("c", 300, 0, 0, false),
                new Candidate("unknown", 0, 0, 0, true),
        };

        assertThat(policy.choose(snapshot, 11, NONE)).isEqualTo(-1);
        assertThat(policy.choose(new Candidate[0], 11, NONE)).isEqualTo(-1);
    }

    @ParameterizedTest
    @MethodSource("policies")
    void acceptsARequestThatFillsASubstationExactly(String name) {
        Policy policy = Policies.byName(name);
        Candidate[] snapshot = { new Candidate("a", 100, 89, 8, true) };

        assertThat(policy.choose(snapshot, 11, NONE)).isZero();
        assertThat(policy.choose(snapshot, 11.5, NONE)).isEqualTo(-1);
    }

    @ParameterizedTest
    @MethodSource("policies")
    void sharesEqualSubstationsEvenly(String name) {
        Policy policy = Policies.byName(name);
        Candidate[] snapshot = {
                new Candidate("a", 200, 20, 2, true),
                new Candidate("b", 200, 20, 2, true),
                new Candidate("c", 200, 20, 2, true),
        };
        int[] chosen = new int[3];

        int calls = 30_000;
        for (int i = 0; i < calls; i++) {
            chosen[policy.choose(snapshot, 11, NONE)]++;
        }

        // Deterministic policies share exactly; random ones within many standard deviations (about 80 here).
        for (int count : chosen) {
            assertThat((double) count).isCloseTo(calls / 3.0, within(1_000.0));
        }
    }

    @Test
    void leastUtilizationChoosesTheLowestUtilizationAfterAddingTheRequest() {
        Policy policy = Policies.byName(Policies.LEAST_UTILIZATION);
        Candidate[] snapshot = {
                new Candidate("small", 20, 0, 0, true),
                new Candidate("large", 300, 60, 6, true),
        };

        // Empty now, but 11 kW would put the small one at 55 %, the large one at 24 %.
        assertThat(policy.choose(snapshot, 11, NONE)).isEqualTo(1);
    }

    @Test
    void leastUtilizationComparesHeterogeneousCapacitiesByRatioNotKilowatts() {
        Policy policy = Policies.byName(Policies.LEAST_UTILIZATION);
        Candidate[] snapshot = {
                new Candidate("a", 100, 40, 4, true),   // 51 % after the request
                new Candidate("b", 400, 200, 20, true), // 52.75 %
                new Candidate("c", 250, 100, 10, true), // 44.4 %
        };

        assertThat(policy.choose(snapshot, 11, NONE)).isEqualTo(2);
    }

    @Test
    void leastUtilizationCountsInFlightLoad() {
        Policy policy = Policies.byName(Policies.LEAST_UTILIZATION);
        // Same reported load; the second carries more in flight, which the registry folds into loadKw.
        Candidate[] snapshot = {
                new Candidate("a", 100, 30, 3, true),
                new Candidate("b", 100, 52, 3, true),
        };

        assertThat(policy.choose(snapshot, 11, NONE)).isZero();
    }

    @Test
    void leastSessionsChoosesTheFewestSessionsWithRoom() {
        Policy policy = Policies.byName(Policies.LEAST_SESSIONS);
        Candidate[] snapshot = {
                new Candidate("a", 100, 10, 1, true),
                new Candidate("b", 100, 95, 0, true),   // fewest sessions, but no room for 11 kW
                new Candidate("c", 300, 200, 4, true),
                new Candidate("d", 100, 30, 1, true),
        };
        int[] chosen = new int[4];

        for (int i = 0; i < 1_000; i++) {
            chosen[policy.choose(snapshot, 11, NONE)]++;
        }

        assertThat(chosen[1]).isZero();
        assertThat(chosen[2]).isZero();
        assertThat(chosen[0]).isEqualTo(500);
        assertThat(chosen[3]).isEqualTo(500);
    }

    @Test
    void powerOfTwoNeverChoosesTheMostUtilizedOfThree() {
        Policy policy = Policies.byName(Policies.POWER_OF_TWO);
        Candidate[] snapshot = {
                new Candidate("busy", 100, 80, 8, true),
                new Candidate("mid", 100, 40, 4, true),
                new Candidate("idle", 100, 0, 0, true),
        };
        int[] chosen = new int[3];

        for (int i = 0; i < 3_000; i++) {
            chosen[policy.choose(snapshot, 11, NONE)]++;
        }

        // The busiest loses every pair it is drawn into; the idlest wins both of its pairs.
        assertThat(chosen[0]).isZero();
        assertThat(chosen[2]).isGreaterThan(chosen[1]);
        assertThat((double) chosen[2]).isCloseTo(2_000, within(200.0));
    }

    @Test
    void roundRobinVisitsCandidatesWithRoomInTurn() {
        Policy policy = Policies.byName(Policies.ROUND_ROBIN);
        Candidate[] snapshot = {
                new Candidate("a", 100, 99, 9, true),
                new Candidate("b", 100, 0, 0, true),
                new Candidate("c", 100, 50, 5, true),
                new Candidate("d", 100, 0, 0, true),
        };
        int[] chosen = new int[4];

        for (int i = 0; i < 400; i++) {
            chosen[policy.choose(snapshot, 11, NONE)]++;
        }

        assertThat(chosen).containsExactly(0, 134, 133, 133);
    }

    @Test
    void leastUtilizationSharesTiesEvenlyEvenWithOthersBetweenThem() {
        Policy policy = Policies.byName(Policies.LEAST_UTILIZATION);
        Candidate[] snapshot = {
                new Candidate("a", 100, 10, 1, true),
                new Candidate("busy", 100, 60, 6, true),
                new Candidate("full", 100, 95, 9, true),
                new Candidate("b", 100, 10, 1, true),
        };
        int[] chosen = new int[4];

        for (int i = 0; i < 1_000; i++) {
            chosen[policy.choose(snapshot, 11, NONE)]++;
        }

        assertThat(chosen).containsExactly(500, 0, 0, 500);
    }

    @Test
    void unknownPolicyNamesAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Policies.byName("cheapest"))
                .withMessageContaining("least-utilization");
    }
}
