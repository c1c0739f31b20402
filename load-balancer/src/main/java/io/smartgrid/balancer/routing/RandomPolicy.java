package io.smartgrid.balancer.routing;

import java.util.BitSet;
import java.util.concurrent.ThreadLocalRandom;

/** Any candidate with room, uniformly; a baseline to compare the others against. */
final class RandomPolicy implements Policy {

    @Override
    public int choose(Candidate[] snapshot, double requestKw, BitSet excluded) {
        int eligible = Eligibility.count(snapshot, requestKw, excluded);
        if (eligible == 0) {
            return -1;
        }
        return Eligibility.nth(snapshot, requestKw, excluded, ThreadLocalRandom.current().nextInt(eligible));
    }

    @Override
    public String name() {
        return Policies.RANDOM;
    }
}
