package io.smartgrid.balancer.routing;

import java.util.BitSet;

/**
 * The deterministic policies as a plain scan of every candidate: the specification the indexes must match pick for
 * pick. Ties (and round-robin turns) go to the first tied position after the last one chosen, wrapping around.
 */
final class ReferenceScan {

    private final String policy;
    private int last = -1;

    ReferenceScan(String policy) {
        this.policy = policy;
    }

    int choose(Candidate[] snapshot, double requestKw, BitSet excluded) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < snapshot.length; i++) {
            if (eligible(snapshot, i, requestKw, excluded)) {
                best = Math.min(best, score(snapshot[i], requestKw));
            }
        }
        int next = -1;
        int first = -1;
        for (int i = 0; i < snapshot.length; i++) {
            if (eligible(snapshot, i, requestKw, excluded) && score(snapshot[i], requestKw) == best) {
                if (first < 0) {
                    first = i;
                }
                if (next < 0 && i > last) {
                    next = i;
                }
            }
        }
        int chosen = next >= 0 ? next : first;
        if (chosen >= 0) {
            last = chosen;
        }
        return chosen;
    }

    static boolean eligible(Candidate[] snapshot, int index, double requestKw, BitSet excluded) {
        return snapshot[index] != null && !excluded.get(index) && snapshot[index].fits(requestKw);
    }

    private double score(Candidate candidate, double requestKw) {
        return switch (policy) {
            case Policies.LEAST_UTILIZATION -> candidate.utilizationWith(requestKw);
            case Policies.LEAST_SESSIONS -> candidate.activeSessions();
            case Policies.ROUND_ROBIN -> 0;
            default -> throw new IllegalArgumentException(policy + " is not deterministic");
        };
    }
}
