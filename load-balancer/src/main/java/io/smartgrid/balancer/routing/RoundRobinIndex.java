package io.smartgrid.balancer.routing;

/**
 * Each candidate with room in turn, ignoring how loaded it is; a baseline to compare the others against. The turn
 * passes to the next position with room after the last one chosen, found in O(log n) on the largest request each
 * position can take.
 */
final class RoundRobinIndex extends CandidateIndex {

    private final MaxTree room = new MaxTree();
    private int last = -1;

    @Override
    void put(int index, Candidate candidate) {
        room.set(index, candidate == null ? Double.NEGATIVE_INFINITY : candidate.largestFit());
    }

    @Override
    int pick(double requestKw) {
        int chosen = room.firstAtLeast(last + 1, requestKw);
        if (chosen < 0) {
            chosen = room.firstAtLeast(0, requestKw);
        }
        if (chosen >= 0) {
            last = chosen;
        }
        return chosen;
    }
}
