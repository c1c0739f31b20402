package io.smartgrid.balancer.routing;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;

/** The rules every policy shares: who may be chosen at all, and how ties are shared. */
final class Eligibility {

    private Eligibility() {
    }

    static boolean eligible(Candidate[] snapshot, int index, double requestKw, BitSet excluded) {
        Candidate candidate = snapshot[index];
        return candidate != null && !excluded.get(index) && candidate.fits(requestKw);
    }

    static int count(Candidate[] snapshot, double requestKw, BitSet excluded) {
        int count = 0;
        for (int i = 0; i < snapshot.length; i++) {
            if (eligible(snapshot, i, requestKw, excluded)) {
                count++;
            }
        }
        return count;
    }

    /** The index of the {@code rank}-th eligible candidate (0-based), or -1. */
    static int nth(Candidate[] snapshot, double requestKw, BitSet excluded, int rank) {
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

    /** A score of one candidate; lower is better. */
    @FunctionalInterface
    interface Score {
        double of(Candidate candidate, double requestKw);
    }

    /**
     * The eligible candidate with the lowest score. Ties go to each tied candidate in turn (a rotating counter over
     * the tied ones, not over all positions), so equal substations share exactly evenly even when others sit
     * between them. Two linear passes, no allocation.
     */
    static int lowest(Candidate[] snapshot, double requestKw, BitSet excluded, Score score, AtomicInteger rotation) {
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
    }
}
