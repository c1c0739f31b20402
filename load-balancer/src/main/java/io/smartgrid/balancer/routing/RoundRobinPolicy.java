package io.smartgrid.balancer.routing;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;

/** Each candidate with room in turn, ignoring how loaded it is; a baseline to compare the others against. */
final class RoundRobinPolicy implements Policy {

    private final AtomicInteger rotation = new AtomicInteger();

    @Override
    public int choose(Candidate[] snapshot, double requestKw, BitSet excluded) {
        int eligible = Eligibility.count(snapshot, requestKw, excluded);
        if (eligible == 0) {
            return -1;
        }
        // Turning over those with room only, so a full substation does not hand its turn to its neighbour.
        return Eligibility.nth(snapshot, requestKw, excluded, Math.floorMod(rotation.getAndIncrement(), eligible));
    }

    @Override
    public String name() {
        return Policies.ROUND_ROBIN;
    }
}
