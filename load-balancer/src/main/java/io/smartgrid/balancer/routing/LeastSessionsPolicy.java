package io.smartgrid.balancer.routing;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;

/** Fewest active sessions (the original "number of EVs" balancing), still never past capacity. */
final class LeastSessionsPolicy implements Policy {

    private final AtomicInteger rotation = new AtomicInteger();

    @Override
    public int choose(Candidate[] snapshot, double requestKw, BitSet excluded) {
        int n = snapshot.length;
        int start = Eligibility.start(rotation, n);
        int best = -1;
        int bestSessions = Integer.MAX_VALUE;
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            if (Eligibility.eligible(snapshot, i, requestKw, excluded) && snapshot[i].activeSessions() < bestSessions) {
                best = i;
                bestSessions = snapshot[i].activeSessions();
            }
        }
        return best;
    }

    @Override
    public String name() {
        return Policies.LEAST_SESSIONS;
    }
}
