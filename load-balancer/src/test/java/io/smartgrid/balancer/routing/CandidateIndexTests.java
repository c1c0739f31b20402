package io.smartgrid.balancer.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The indexes against a brute-force scan: on thousands of random snapshots, reservations, releases, health changes,
 * freed slots and tried sets, the deterministic policies pick exactly what the scan picks, and the random ones only
 * ever pick what the scan deems eligible.
 */
class CandidateIndexTests {

    private static final BitSet NONE = new BitSet();
    /** Common ratings, so that many substations share one and cross-rating ties occur. */
    private static final double[] RATINGS = { 20, 50, 100, 150, 200, 250, 400 };
    /** Common charger sizes, including values with no exact binary form. */
    private static final double[] REQUESTS = { 1, 3.7, 7.4, 11, 22, 50, 150 };

    static Stream<String> deterministic() {
        return Stream.of(Policies.LEAST_UTILIZATION, Policies.LEAST_SESSIONS, Policies.ROUND_ROBIN);
    }

    @ParameterizedTest
    @MethodSource("deterministic")
    void picksExactlyWhatAFullScanPicks(String policy) {
        SplittableRandom random = new SplittableRandom(20_260_101L);
        int decisions = 0;
        int found = 0;
        int none = 0;
        for (int scenario = 0; scenario < 60; scenario++) {
            int size = scenario % 10 == 9 ? 400 : 1 + random.nextInt(40);
            // Some scenarios draw loads from a few values only, so that exact ties are everywhere.
            boolean tieHeavy = scenario % 3 == 0;
            Candidate[] snapshot = new Candidate[size];
            CandidateIndex index = Policies.byName(policy).newIndex();
            for (int i = 0; i < size; i++) {
                snapshot[i] = randomCandidate(random, i, tieHeavy);
                index.update(i, snapshot[i]);
            }
            Policy reference = Policies.byName(policy);
            for (int step = 0; step < 500; step++) {
                int action = random.nextInt(10);
                if (action < 3) {
                    int changed = random.nextInt(size);
                    snapshot[changed] = random.nextInt(10) == 0 ? null : randomCandidate(random, changed, tieHeavy);
                    index.update(changed, snapshot[changed]);
                    continue;
                }
                double requestKw = random.nextInt(4) == 0 ? 1 + random.nextDouble() * 150 : REQUESTS[random.nextInt(REQUESTS.length)];
                BitSet tried = randomTried(random, size);
                int expected = reference.choose(snapshot, requestKw, tried);
                int actual = index.choose(requestKw, tried);
                int at = scenario * 1_000 + step;
                assertThat(actual).as(() -> "decision " + at + ", " + requestKw + " kW, tried " + tried + ", "
                        + Arrays.toString(snapshot)).isEqualTo(expected);
                decisions++;
                if (actual >= 0) {
                    found++;
                    if (random.nextBoolean()) {
                        // Reserve the request against the chosen one, as the registry does with in-flight accounting:
                        // the load grows, the sessions wait for the substation's next report.
                        Candidate chosen = snapshot[actual];
                        snapshot[actual] = new Candidate(chosen.id(), chosen.capacityKw(), chosen.loadKw() + requestKw,
                                chosen.activeSessions(), chosen.healthy());
                        index.update(actual, snapshot[actual]);
                    }
                }
                else {
                    none++;
                }
            }
        }
        // The run must have exercised both outcomes heavily, or it proves little.
        assertThat(decisions).isGreaterThan(15_000);
        assertThat(found).isGreaterThan(5_000);
        assertThat(none).isGreaterThan(500);
    }

    @ParameterizedTest
    @ValueSource(strings = { Policies.RANDOM, Policies.POWER_OF_TWO })
    void randomPoliciesOnlyPickEligibleCandidatesAndFindOneWheneverAny(String policy) {
        SplittableRandom random = new SplittableRandom(7L);
        for (int scenario = 0; scenario < 40; scenario++) {
            int size = 1 + random.nextInt(60);
            Candidate[] snapshot = new Candidate[size];
            CandidateIndex index = Policies.byName(policy).newIndex();
            for (int i = 0; i < size; i++) {
                snapshot[i] = randomCandidate(random, i, scenario % 2 == 0);
                index.update(i, snapshot[i]);
            }
            for (int step = 0; step < 300; step++) {
                if (random.nextInt(4) == 0) {
                    int changed = random.nextInt(size);
                    snapshot[changed] = random.nextInt(10) == 0 ? null : randomCandidate(random, changed, false);
                    index.update(changed, snapshot[changed]);
                }
                double requestKw = REQUESTS[random.nextInt(REQUESTS.length)];
                BitSet tried = randomTried(random, size);
                List<Integer> eligible = eligible(snapshot, requestKw, tried);
                int chosen = index.choose(requestKw, tried);
                if (eligible.isEmpty()) {
                    assertThat(chosen).isEqualTo(-1);
                }
                else {
                    assertThat(eligible).contains(chosen);
                    if (policy.equals(Policies.POWER_OF_TWO) && eligible.size() > 1) {
                        // It beat (or tied) another eligible one, so it is never the single worst.
                        double score = snapshot[chosen].utilizationWith(requestKw);
                        boolean beatAnother = eligible.stream()
                                .anyMatch(other -> other != chosen && snapshot[other].utilizationWith(requestKw) >= score);
                        assertThat(beatAnother).as("%s kW, chose %d of %s", requestKw, chosen, eligible).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void theRunnerUpIsTheBestOtherCandidateWithRoomAsAFullScanFindsItAndAskingLeavesTiesAlone() {
        SplittableRandom random = new SplittableRandom(20_261_121L);
        int withRunnerUp = 0;
        int without = 0;
        for (int scenario = 0; scenario < 40; scenario++) {
            int size = scenario % 10 == 9 ? 300 : 1 + random.nextInt(30);
            boolean tieHeavy = scenario % 3 == 0;
            Candidate[] snapshot = new Candidate[size];
            CandidateIndex index = Policies.byName(Policies.LEAST_UTILIZATION).newIndex();
            for (int i = 0; i < size; i++) {
                snapshot[i] = randomCandidate(random, i, tieHeavy);
                index.update(i, snapshot[i]);
            }
            Policy reference = Policies.byName(Policies.LEAST_UTILIZATION);
            for (int step = 0; step < 400; step++) {
                if (random.nextInt(4) == 0) {
                    int changed = random.nextInt(size);
                    snapshot[changed] = random.nextInt(10) == 0 ? null : randomCandidate(random, changed, tieHeavy);
                    index.update(changed, snapshot[changed]);
                }
                double requestKw = REQUESTS[random.nextInt(REQUESTS.length)];
                BitSet tried = randomTried(random, size);
                int expected = reference.choose(snapshot, requestKw, tried);
                int chosen = index.choose(requestKw, tried);
                // Asked after every decision, so a runner-up that moved the tie rotation would show here.
                assertThat(chosen).as("decision %d/%d", scenario, step).isEqualTo(expected);
                if (chosen < 0) {
                    continue;
                }
                double runnerUp = index.runnerUpUtilization(requestKw, tried, chosen);
                double expectedRunnerUp = Rules.runnerUpUtilization(snapshot, requestKw, tried, chosen);
                // Compared bit for bit, NaN (no runner-up) included.
                assertThat(Double.compare(runnerUp, expectedRunnerUp)).as(() -> "runner-up of " + chosen + " for "
                        + requestKw + " kW, tried " + tried + ": " + runnerUp + ", expected " + expectedRunnerUp + ", "
                        + Arrays.toString(snapshot)).isZero();
                if (Double.isNaN(runnerUp)) {
                    without++;
                }
                else {
                    withRunnerUp++;
                    assertThat(runnerUp).isGreaterThanOrEqualTo(snapshot[chosen].utilizationWith(requestKw));
                }
            }
        }
        assertThat(withRunnerUp).isGreaterThan(5_000);
        assertThat(without).isGreaterThan(300);
    }

    @Test
    void theRunnerUpScoresTheRequestOnItsOwnRating() {
        CandidateIndex index = Policies.byName(Policies.LEAST_UTILIZATION).newIndex();
        index.update(0, new Candidate("small", 100, 10, 1, true));
        index.update(1, new Candidate("large", 300, 60, 6, true));
        index.update(2, new Candidate("medium", 200, 100, 10, true));
        index.update(3, new Candidate("full", 100, 95, 9, true));
        BitSet largeTried = new BitSet();
        largeTried.set(1);

        // 21 / 100 beats 71 / 300, 111 / 200 and the full one, which has no room for 11 kW at all.
        assertThat(index.choose(11, NONE)).isEqualTo(0);
        assertThat(index.runnerUpUtilization(11, NONE, 0)).isEqualTo(71.0 / 300);
        assertThat(index.runnerUpUtilization(11, largeTried, 0)).isEqualTo(111.0 / 200);
        assertThat(index.runnerUpUtilization(11, NONE, 1)).as("of the large one").isEqualTo(21.0 / 100);

        index.update(1, null);
        index.update(2, new Candidate("medium", 200, 100, 10, false));
        assertThat(index.runnerUpUtilization(11, NONE, 0)).as("only the full one is left").isNaN();
        assertThat(index.runnerUpUtilization(4, NONE, 0)).as("4 kW still fit the full one").isEqualTo(99.0 / 100);
        assertThat(index.choose(11, NONE)).as("everything put back").isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = { Policies.LEAST_SESSIONS, Policies.POWER_OF_TWO, Policies.ROUND_ROBIN, Policies.RANDOM })
    void onlyLeastUtilizationHasARunnerUp(String policy) {
        CandidateIndex index = Policies.byName(policy).newIndex();
        index.update(0, new Candidate("a", 100, 0, 0, true));
        index.update(1, new Candidate("b", 100, 0, 0, true));

        int chosen = index.choose(11, NONE);

        assertThat(chosen).isNotNegative();
        assertThat(index.runnerUpUtilization(11, NONE, chosen)).isNaN();
    }

    @Test
    void randomDrawsEveryEligibleCandidateEquallyOften() {
        CandidateIndex index = Policies.byName(Policies.RANDOM).newIndex();
        // Rooms of 5, 10 ... 95 kW; only the last five have room for 72 kW.
        for (int i = 0; i < 19; i++) {
            index.update(i, new Candidate("s" + i, 100, 95 - 5 * i, 0, true));
        }
        int[] chosen = new int[19];
        int draws = 50_000;
        for (int i = 0; i < draws; i++) {
            chosen[index.choose(72, NONE)]++;
        }

        assertThat(Arrays.stream(chosen, 0, 14).sum()).isZero();
        for (int i = 14; i < 19; i++) {
            // Expected 10,000 each; one standard deviation is about 90.
            assertThat((double) chosen[i]).isCloseTo(draws / 5.0, within(1_000.0));
        }
    }

    @Test
    void powerOfTwoFavoursTheLeastUtilisedByTheRankOfEachPair() {
        CandidateIndex index = Policies.byName(Policies.POWER_OF_TWO).newIndex();
        index.update(0, new Candidate("third", 100, 40, 0, true));
        index.update(1, new Candidate("worst", 100, 60, 0, true));
        index.update(2, new Candidate("best", 100, 0, 0, true));
        index.update(3, new Candidate("second", 100, 20, 0, true));
        index.update(4, new Candidate("full", 100, 95, 0, true));
        int[] chosen = new int[5];
        int draws = 60_000;
        for (int i = 0; i < draws; i++) {
            chosen[index.choose(11, NONE)]++;
        }

        // With four eligible, the k-th best wins 2(4 - k) of the 12 ordered pairs.
        assertThat((double) chosen[2]).isCloseTo(draws * 6 / 12.0, within(1_000.0));
        assertThat((double) chosen[3]).isCloseTo(draws * 4 / 12.0, within(1_000.0));
        assertThat((double) chosen[0]).isCloseTo(draws * 2 / 12.0, within(1_000.0));
        assertThat(chosen[1]).isZero();
        assertThat(chosen[4]).isZero();
    }

    @Test
    void leastUtilizationSharesTiesAcrossDifferentRatingsEvenly() {
        CandidateIndex index = Policies.byName(Policies.LEAST_UTILIZATION).newIndex();
        // (40 + 11) / 100 and (91 + 11) / 200 are both exactly the double nearest 0.51.
        index.update(0, new Candidate("small", 100, 40, 4, true));
        index.update(1, new Candidate("busy", 100, 70, 7, true));
        index.update(2, new Candidate("large", 200, 91, 9, true));
        int[] chosen = new int[3];

        for (int i = 0; i < 1_000; i++) {
            chosen[index.choose(11, NONE)]++;
        }

        assertThat(chosen).containsExactly(500, 0, 500);
    }

    @ParameterizedTest
    @MethodSource("deterministic")
    void sharesManyTiedCandidatesAmongThousandsExactlyEvenly(String policy) {
        CandidateIndex index = Policies.byName(policy).newIndex();
        int size = 5_000;
        for (int i = 0; i < size; i++) {
            // Every 700th is idle; all others are busier, or full for round-robin's sake.
            boolean tied = i % 700 == 0;
            index.update(i, new Candidate("s" + i, 250, tied ? 10 : 245, tied ? 1 : 20, true));
        }
        int[] chosen = new int[size];

        for (int i = 0; i < 8_000; i++) {
            chosen[index.choose(11, NONE)]++;
        }

        for (int i = 0; i < size; i++) {
            if (chosen[i] != (i % 700 == 0 ? 1_000 : 0)) {
                assertThat(chosen[i]).as("position %d", i).isEqualTo(i % 700 == 0 ? 1_000 : 0);
            }
        }
        assertThat(Arrays.stream(chosen).sum()).isEqualTo(8_000);
    }

    @ParameterizedTest
    @MethodSource("allPolicies")
    void freedSlotsUnhealthyAndTriedCandidatesAreNeverChosenAndComeBack(String policy) {
        CandidateIndex index = Policies.byName(policy).newIndex();
        index.update(0, new Candidate("a", 100, 0, 0, true));
        index.update(9, new Candidate("far", 100, 0, 0, true));
        BitSet tried = new BitSet();
        tried.set(9);

        index.update(0, null);
        assertThat(index.choose(11, tried)).as("freed and tried").isEqualTo(-1);
        assertThat(index.choose(11, NONE)).as("tried only for that decision").isEqualTo(9);

        index.update(9, new Candidate("far", 100, 0, 0, false));
        assertThat(index.choose(11, NONE)).as("unhealthy").isEqualTo(-1);

        index.update(40, new Candidate("newcomer", 100, 0, 0, true));
        assertThat(index.size()).isEqualTo(41);
        assertThat(index.choose(11, NONE)).as("a slot past the end grows the index").isEqualTo(40);
    }

    static Stream<String> allPolicies() {
        return Policies.NAMES.stream();
    }

    @Test
    void largestFitIsExactlyTheBoundaryOfFits() {
        SplittableRandom random = new SplittableRandom(42L);
        for (int i = 0; i < 20_000; i++) {
            double capacity = switch (i % 4) {
                case 0 -> RATINGS[random.nextInt(RATINGS.length)];
                case 1 -> random.nextDouble() * 1_000;
                case 2 -> Math.pow(10, random.nextInt(-3, 25));
                default -> 0.1 + random.nextDouble();
            };
            double load = switch (i % 3) {
                case 0 -> capacity * random.nextDouble();
                case 1 -> capacity - REQUESTS[random.nextInt(REQUESTS.length)];
                default -> capacity * (1 + random.nextDouble());
            };
            Candidate candidate = new Candidate("c", capacity, load, 0, true);
            double largest = candidate.largestFit();

            boolean boundary = candidate.fits(largest) && !candidate.fits(Math.nextUp(largest));
            if (!boundary) {
                assertThat(boundary).as("%s is the largest request %s takes", largest, candidate).isTrue();
            }
        }
        assertThat(new Candidate("down", 100, 0, 0, false).largestFit()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(new Candidate("unrated", 0, 0, 0, true).largestFit()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    private static Candidate randomCandidate(SplittableRandom random, int index, boolean tieHeavy) {
        double capacity = random.nextInt(20) == 0 ? 0
                : random.nextInt(8) == 0 ? 30 + random.nextDouble() * 300 : RATINGS[random.nextInt(RATINGS.length)];
        double load;
        int kind = random.nextInt(10);
        if (tieHeavy) {
            load = new double[] { 0, 11, 22, 0.5 * capacity }[random.nextInt(4)];
        }
        else if (kind == 0) {
            // Exactly full for one of the common request sizes: the boundary of "fits".
            load = capacity - REQUESTS[random.nextInt(REQUESTS.length)];
        }
        else if (kind == 1) {
            load = capacity * (1 + random.nextDouble() * 0.2);
        }
        else {
            load = Math.round(capacity * random.nextDouble() * 2) / 2.0;
        }
        int sessions = tieHeavy ? random.nextInt(2) : random.nextInt(7);
        boolean healthy = random.nextInt(8) != 0;
        return new Candidate("s" + index, capacity, Math.max(0, load), sessions, healthy);
    }

    private static BitSet randomTried(SplittableRandom random, int size) {
        BitSet tried = new BitSet();
        int count = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0;
        for (int i = 0; i < count; i++) {
            tried.set(random.nextInt(size));
        }
        return tried;
    }

    private static List<Integer> eligible(Candidate[] snapshot, double requestKw, BitSet tried) {
        return java.util.stream.IntStream.range(0, snapshot.length)
                .filter(i -> Rules.qualifies(snapshot, i, requestKw, tried))
                .boxed()
                .toList();
    }
}
