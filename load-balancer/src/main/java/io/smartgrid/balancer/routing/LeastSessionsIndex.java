package io.smartgrid.balancer.routing;

/**
 * Fewest active sessions (the original "number of EVs" balancing), still never past capacity.
 *
 * <p>Candidates sit in one tree ordered by (sessions, position), each subtree knowing the largest request any of
 * its members can take. The first member in that order with room has the fewest sessions; ties go to the next tied
 * position after the last one chosen, so equal substations take turns exactly. Both are one O(log n) descent.
 */
final class LeastSessionsIndex extends CandidateIndex {

    private final Treap bySessions = new Treap();
    private int last = -1;

    @Override
    void put(int index, Candidate candidate) {
        if (candidate == null || !candidate.choosable()) {
            bySessions.remove(index);
        }
        else {
            bySessions.put(index, candidate.activeSessions(), candidate.largestFit());
        }
    }

    @Override
    int pick(double requestKw) {
        int first = bySessions.firstWithValueAtLeast(requestKw);
        if (first < 0) {
            return -1;
        }
        double fewest = bySessions.key(first);
        int next = bySessions.firstAfterWithValueAtLeast(fewest, last, requestKw);
        int chosen = next >= 0 && bySessions.key(next) == fewest ? next : first;
        last = chosen;
        return chosen;
    }
}
