package io.smartgrid.balancer.routing;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;

/** The one rule every policy shares: who may be chosen at all. */
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

    /**
     * A start offset that moves on every call, so that a scan which keeps the first of equal candidates
     * shares ties evenly instead of always favouring the lowest index.
     */
    static int start(AtomicInteger rotation, int length) {
        return length == 0 ? 0 : Math.floorMod(rotation.getAndIncrement(), length);
    }
}
