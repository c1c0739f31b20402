package io.smartgrid.balancer.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every index the registry decides with picks exactly what its policy's plain rule ({@link Rules}) picks, through any
 * sequence of changes and decisions; for least-utilisation the runner-up's utilisation agrees bit for bit too. Loads
 * and requests come from few values, so that exact ties and exactly full substations are common.
 */
class RulesPropertyTests {

    private static final int POSITIONS = 12;
    private static final double[] CAPACITIES = { 0, 22, 100, 150, 300 };
    private static final double[] REQUESTS = { 3.7, 7.4, 11, 22, 50, 0.1 + 0.2 };

    /** A change of one position's view ({@code candidate} null: the slot is freed), or a decision. */
    sealed interface Step {
    }

    record Change(int position, Candidate candidate) implements Step {
    }

    record Decision(double requestKw, BitSet tried) implements Step {
    }

    @Property(tries = 300)
    void theIndexPicksWhatTheRulePicks(@ForAll("deterministic") String policy, @ForAll("steps") List<Step> steps) {
        Candidate[] snapshot = new Candidate[POSITIONS];
        CandidateIndex index = Policies.byName(policy).newIndex();
        Policy rule = Policies.byName(policy);
        replay(steps, snapshot, index, decision -> {
            int expected = rule.choose(snapshot, decision.requestKw(), decision.tried());
            int actual = index.choose(decision.requestKw(), decision.tried());
            assertThat(actual).as(() -> policy + ", " + decision + ", " + Arrays.toString(snapshot)).isEqualTo(expected);
            if (policy.equals(Policies.LEAST_UTILIZATION) && actual >= 0) {
                double runnerUp = index.runnerUpUtilization(decision.requestKw(), decision.tried(), actual);
                double specified = Rules.runnerUpUtilization(snapshot, decision.requestKw(), decision.tried(), actual);
                assertThat(Double.compare(runnerUp, specified)).as("runner-up %s against %s", runnerUp, specified)
                        .isZero();
            }
        });
    }

    @Property(tries = 200)
    void aRandomPolicyPicksOnlyACandidateWithRoomAndOneWheneverAnyHasRoom(@ForAll("random") String policy,
            @ForAll("steps") List<Step> steps) {
        Candidate[] snapshot = new Candidate[POSITIONS];
        CandidateIndex index = Policies.byName(policy).newIndex();
        replay(steps, snapshot, index, decision -> {
            int actual = index.choose(decision.requestKw(), decision.tried());
            boolean anyQualifies = false;
            for (int i = 0; i < POSITIONS; i++) {
                anyQualifies |= Rules.qualifies(snapshot, i, decision.requestKw(), decision.tried());
            }
            if (anyQualifies) {
                assertThat(Rules.qualifies(snapshot, actual, decision.requestKw(), decision.tried())).isTrue();
            }
            else {
                assertThat(actual).isEqualTo(-1);
            }
        });
    }

    /** Applies every change to both the snapshot and the index, and hands each decision on. */
    private static void replay(List<Step> steps, Candidate[] snapshot, CandidateIndex index, Consumer<Decision> decide) {
        for (Step step : steps) {
            if (step instanceof Change change) {
                snapshot[change.position()] = change.candidate();
                index.update(change.position(), change.candidate());
            }
            else {
                decide.accept((Decision) step);
            }
        }
    }

    @Provide
    Arbitrary<String> deterministic() {
        return Arbitraries.of(Policies.LEAST_UTILIZATION, Policies.LEAST_SESSIONS, Policies.ROUND_ROBIN);
    }

    @Provide
    Arbitrary<String> random() {
        return Arbitraries.of(Policies.RANDOM, Policies.POWER_OF_TWO);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> change = Combinators.combine(Arbitraries.integers().between(0, POSITIONS - 1),
                candidates().injectNull(0.1)).as(Change::new);
        Arbitrary<Step> decision = Combinators.combine(Arbitraries.of(Arrays.stream(REQUESTS).boxed().toList()),
                Arbitraries.integers().between(0, POSITIONS - 1).list().ofMaxSize(3)).as((requestKw, tried) -> {
                    BitSet set = new BitSet();
                    tried.forEach(set::set);
                    return new Decision(requestKw, set);
                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, change), net.jqwik.api.Tuple.of(3, decision)).list().ofMaxSize(80);
    }

    private Arbitrary<Candidate> candidates() {
        Arbitrary<Double> capacity = Arbitraries.of(Arrays.stream(CAPACITIES).boxed().toList());
        // Loads in whole and half kW up to past the largest capacity, plus the awkward sums of common charger sizes.
        Arbitrary<Double> load = Arbitraries.oneOf(Arbitraries.integers().between(0, 620).map(half -> half / 2.0),
                Arbitraries.of(3 * 7.4, 7 * 3.7 + 11, 300 - 0.1 - 0.2, 100 - 11 * 3.7));
        Arbitrary<Integer> sessions = Arbitraries.integers().between(0, 4);
        Arbitrary<Boolean> healthy = Arbitraries.of(true, true, true, false);
        return Combinators.combine(capacity, load, sessions, healthy)
                .as((c, l, s, h) -> new Candidate("s", c, l, s, h));
    }
}
