package io.smartgrid.balancer.routing;

import java.util.BitSet;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Every policy's rule as a plain function of a snapshot of the substations and one request: the specification of the
 * decision. A candidate qualifies when its slot is not empty, it is not excluded (already tried for this request),
 * it is healthy with a known rating, and {@code load + request ≤ capacity}. Ties, and round-robin's turn, go to the
 * first qualifying position after {@code last}, the position chosen before, wrapping around.
 *
 * <p>The registry decides with {@link CandidateIndex}es where they pay (see {@link Policies} and
 * {@code docs/decision-benchmark.md}); each of those picks exactly what the function here picks, which
 * {@code CandidateIndexTests} and {@code RulesProperties} check.
 */
final class Rules {

    private Rules() {
    }

    /** {@code least-utilization}: the lowest utilisation after the request, {@code (load + request) / capacity}. */
    static int leastUtilization(Candidate[] snapshot, double requestKw, BitSet excluded, int last) {
        return lowest(snapshot, requestKw, excluded, last, candidate -> candidate.utilizationWith(requestKw));
    }

    /** {@code least-sessions}: the fewest active sessions. */
    static int leastSessions(Candidate[] snapshot, double requestKw, BitSet excluded, int last) {
        return lowest(snapshot, requestKw, excluded, last, Candidate::activeSessions);
    }

    /** {@code round-robin}: the next position with room after the last one chosen. */
    static int roundRobin(Candidate[] snapshot, double requestKw, BitSet excluded, int last) {
        return lowest(snapshot, requestKw, excluded, last, candidate -> 0);
    }

    /** {@code random}: any candidate with room, each as likely as the others. */
    static int random(Candidate[] snapshot, double requestKw, BitSet excluded, RandomGenerator random) {
        int qualifying = count(snapshot, requestKw, excluded);
        return qualifying == 0 ? -1 : nth(snapshot, requestKw, excluded, random.nextInt(qualifying));
    }

    /**
     * {@code power-of-two}: two different candidates with room, drawn at random; the one less utilised after the
     * request wins, the first drawn on a tie.
     */
    static int powerOfTwo(Candidate[] snapshot, double requestKw, BitSet excluded, RandomGenerator random) {
        int qualifying = count(snapshot, requestKw, excluded);
        if (qualifying <= 1) {
            return qualifying == 0 ? -1 : nth(snapshot, requestKw, excluded, 0);
        }
        int firstRank = random.nextInt(qualifying);
        int secondRank = random.nextInt(qualifying - 1);
        if (secondRank >= firstRank) {
            secondRank++;
        }
        int first = nth(snapshot, requestKw, excluded, firstRank);
        int second = nth(snapshot, requestKw, excluded, secondRank);
        return snapshot[second].utilizationWith(requestKw) < snapshot[first].utilizationWith(requestKw) ? second
                : first;
    }

    /**
     * The ceiling sent with a start under conditional admission: the utilisation after the request of the best
     * qualifying candidate other than {@code chosen}, by {@code least-utilization}'s rule; {@code NaN} when there is
     * none.
     */
    static double runnerUpUtilization(Candidate[] snapshot, double requestKw, BitSet excluded, int chosen) {
        double best = Double.NaN;
        for (int i = 0; i < snapshot.length; i++) {
            if (i != chosen && qualifies(snapshot, i, requestKw, excluded)) {
                double utilization = snapshot[i].utilizationWith(requestKw);
                if (Double.isNaN(best) || utilization < best) {
                    best = utilization;
                }
            }
        }
        return best;
    }

    /** Whether the candidate at {@code index} may take the request. */
    static boolean qualifies(Candidate[] snapshot, int index, double requestKw, BitSet excluded) {
        return snapshot[index] != null && !excluded.get(index) && snapshot[index].fits(requestKw);
    }

    /** The qualifying candidate with the lowest score, the first tied one after {@code last}, wrapping around. */
    private static int lowest(Candidate[] snapshot, double requestKw, BitSet excluded, int last,
            ToDoubleFunction<Candidate> score) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < snapshot.length; i++) {
            if (qualifies(snapshot, i, requestKw, excluded)) {
                best = Math.min(best, score.applyAsDouble(snapshot[i]));
            }
        }
        int first = -1;
        for (int i = 0; i < snapshot.length; i++) {
            if (qualifies(snapshot, i, requestKw, excluded) && score.applyAsDouble(snapshot[i]) == best) {
                if (i > last) {
                    return i;
                }
                if (first < 0) {
                    first = i;
                }
            }
        }
        return first;
    }

    private static int count(Candidate[] snapshot, double requestKw, BitSet excluded) {
        int count = 0;
        for (int i = 0; i < snapshot.length; i++) {
            if (qualifies(snapshot, i, requestKw, excluded)) {
                count++;
            }
        }
        return count;
    }

    /** The qualifying candidate of rank {@code n} (from 0) in position order. */
    private static int nth(Candidate[] snapshot, double requestKw, BitSet excluded, int n) {
        int seen = 0;
        for (int i = 0; i < snapshot.length; i++) {
            if (qualifies(snapshot, i, requestKw, excluded) && seen++ == n) {
                return i;
            }
        }
        throw new IllegalStateException("fewer than " + (n + 1) + " candidates qualify");
    }
}
