package io.smartgrid.balancer.routing;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;

/** Fewest active sessions (the original "number of EVs" balancing), still never past capacity. */
final class LeastSessionsPolicy implements Policy {

    private static final Eligibility.Score SESSIONS = (candidate, requestKw) -> candidate.activeSessions();

    private final AtomicInteger rotation = new AtomicInteger();

    @Override
    public int choose(Candidate[] snapshot, double requestKw, BitSet excluded) {
        return Eligibility.lowest(snapshot, requestKw, excluded, SESSIONS, rotation);
    }

    @Override
    public String name() {
        return Policies.LEAST_SESSIONS;
    }
}
