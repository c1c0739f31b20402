package io.smartgrid.balancer.routing;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;

/** Each candidate with room in turn, ignoring how loaded it is; a baseline to compare the others against. */
final class RoundRobinPolicy implements Policy {

    private final AtomicInteger rotation = new AtomicInteger();

    @Override
    public int choose(Candidate[] snapshot, double requestKw, BitSet excluded) {
        int n = snapshot.length;
        int start = Eligibility.start(rotation, n);
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            if (Eligibility.eligible(snapshot, i, requestKw, excluded)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String name() {
        return Policies.ROUND_ROBIN;
    }
}
