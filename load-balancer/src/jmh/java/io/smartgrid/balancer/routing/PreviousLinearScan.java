package io.smartgrid.balancer.routing;

import java.util.BitSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The policies as they were before the indexes: every decision scans the whole snapshot (two passes for the
 * least-* policies and round-robin). Kept here only as the benchmark's baseline.
 */
final class PreviousLinearScan {

    private PreviousLinearScan() {
    }

    /** The former decision: a function of a snapshot array. */
    interface Scan {
        int choose(Candidate[] snapshot, double requestKw, BitSet excluded);
    }

    static Scan byName(String name) {
        return switch (name) {
            case Policies.LEAST_UTILIZATION -> lowest(Candidate::utilizationWith);
            case Policies.LEAST_SESSIONS -> lowest((candidate, requestKw) -> candidate.activeSessions());
            case Policies.POWER_OF_TWO -> PreviousLinearScan::powerOfTwo;
            case Policies.ROUND_ROBIN -> roundRobin();
            case Policies.RANDOM -> PreviousLinearScan::random;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @FunctionalInterface
    private interface Score {
        double of(Candidate candidate, double requestKw);
    }

    private static boolean eligible(Candidate[] snapshot, int index, double requestKw, BitSet excluded) {
        Candidate candidate = snapshot[index];
        return candidate != null && !excluded.get(index) && candidate.fits(requestKw);
    }

    private static int count(Candidate[] snapshot, double requestKw, BitSet excluded) {
        int count = 0;
        for (int i = 0; i < snapshot.length; i++) {
            if (eligible(snapshot, i, requestKw, excluded)) {
                count++;
            }
        }
        return count;
    }

    private static int nth(Candidate[] snapshot, double requestKw, BitSet excluded, int rank) {
        int seen = 0;
        for (int i = 0; i < snapshot.length; i++) {
            if (eligible(snapshot, i, requestKw, excluded)) {
                if (seen == rank) {
                    return i;
                }
                seen++;
            }
        }
        return -1;
    }

    private static Scan lowest(Score score) {
        AtomicInteger rotation = new AtomicInteger();
        return (snapshot, requestKw, excluded) -> {
            double best = Double.POSITIVE_INFINITY;
            int ties = 0;
            for (int i = 0; i < snapshot.length; i++) {
                if (eligible(snapshot, i, requestKw, excluded)) {
                    double value = score.of(snapshot[i], requestKw);
                    if (value < best) {
                        best = value;
                        ties = 1;
                    }
                    else if (value == best) {
                        ties++;
                    }
                }
            }
            if (ties == 0) {
                return -1;
            }
            int pick = ties == 1 ? 0 : Math.floorMod(rotation.getAndIncrement(), ties);
            for (int i = 0; i < snapshot.length; i++) {
                if (eligible(snapshot, i, requestKw, excluded) && score.of(snapshot[i], requestKw) == best && pick-- == 0) {
                    return i;
                }
            }
            return -1;
        };
    }

    private static int powerOfTwo(Candidate[] snapshot, double requestKw, BitSet excluded) {
        int eligible = count(snapshot, requestKw, excluded);
        if (eligible == 0) {
            return -1;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int firstRank = random.nextInt(eligible);
        int first = nth(snapshot, requestKw, excluded, firstRank);
        if (eligible == 1) {
            return first;
        }
        int secondRank = random.nextInt(eligible - 1);
        if (secondRank >= firstRank) {
            secondRank++;
        }
        int second = nth(snapshot, requestKw, excluded, secondRank);
        return snapshot[second].utilizationWith(requestKw) < snapshot[first].utilizationWith(requestKw) ? second : first;
    }

    private static Scan roundRobin() {
        AtomicInteger rotation = new AtomicInteger();
        return (snapshot, requestKw, excluded) -> {
            int eligible = count(snapshot, requestKw, excluded);
            if (eligible == 0) {
                return -1;
            }
            return nth(snapshot, requestKw, excluded, Math.floorMod(rotation.getAndIncrement(), eligible));
        };
    }

    private static int random(Candidate[] snapshot, double requestKw, BitSet excluded) {
        int eligible = count(snapshot, requestKw, excluded);
        if (eligible == 0) {
            return -1;
        }
        return nth(snapshot, requestKw, excluded, ThreadLocalRandom.current().nextInt(eligible));
    }
}
