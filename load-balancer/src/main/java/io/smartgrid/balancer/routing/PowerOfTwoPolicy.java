package io.smartgrid.balancer.routing;

import java.util.BitSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two random candidates with room, the less utilised wins: nearly as even as a full scan, yet far less
 * prone to herding when several balancers act on the same stale view.
 */
final class PowerOfTwoPolicy implements Policy {

    @Override
    public int choose(Candidate[] snapshot, double requestKw, BitSet excluded) {
        int eligible = Eligibility.count(snapshot, requestKw, excluded);
        if (eligible == 0) {
            return -1;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = Eligibility.nth(snapshot, requestKw, excluded, random.nextInt(eligible));
        if (eligible == 1) {
            return first;
        }
        // Draw the second among the others, so the two are always distinct.
        int rankOfFirst = rank(snapshot, requestKw, excluded, first);
        int secondRank = random.nextInt(eligible - 1);
        if (secondRank >= rankOfFirst) {
            secondRank++;
        }
        int second = Eligibility.nth(snapshot, requestKw, excluded, secondRank);
        // On a tie the first draw wins; it is random, so ties are shared evenly.
        return snapshot[second].utilizationWith(requestKw) < snapshot[first].utilizationWith(requestKw) ? second : first;
    }

    private static int rank(Candidate[] snapshot, double requestKw, BitSet excluded, int index) {
        int rank = 0;
        for (int i = 0; i < index; i++) {
            if (Eligibility.eligible(snapshot, i, requestKw, excluded)) {
                rank++;
            }
        }
        return rank;
    }

    @Override
    public String name() {
        return Policies.POWER_OF_TWO;
    }
}
