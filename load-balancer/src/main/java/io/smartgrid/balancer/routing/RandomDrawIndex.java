package io.smartgrid.balancer.routing;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Uniform draws among the candidates with room: one for {@code random}, two for {@code power-of-two} (the less
 * utilised after the request wins, nearly as even as a full scan yet far less prone to herding when several
 * balancers act on the same stale view).
 *
 * <p>Candidates sit in a tree ordered by the largest request each can take, so those with room for a request are a
 * suffix of that order: counting them and drawing the k-th are O(log n) each.
 */
final class RandomDrawIndex extends CandidateIndex {

    private final Treap byRoom = new Treap();
    private final boolean twoChoices;

    RandomDrawIndex(boolean twoChoices) {
        this.twoChoices = twoChoices;
    }

    @Override
    void put(int index, Candidate candidate) {
        if (candidate == null || !candidate.choosable()) {
            byRoom.remove(index);
        }
        else {
            byRoom.put(index, candidate.largestFit(), 0);
        }
    }

    @Override
    int pick(double requestKw) {
        int eligible = byRoom.countKeyAtLeast(requestKw);
        if (eligible == 0) {
            return -1;
        }
        int offset = byRoom.size() - eligible;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int firstRank = random.nextInt(eligible);
        int first = byRoom.select(offset + firstRank);
        if (!twoChoices || eligible == 1) {
            return first;
        }
        // Draw the second among the others, so the two are always distinct.
        int secondRank = random.nextInt(eligible - 1);
        if (secondRank >= firstRank) {
            secondRank++;
        }
        int second = byRoom.select(offset + secondRank);
        // On a tie the first draw wins; it is random, so ties are shared evenly.
        return candidate(second).utilizationWith(requestKw) < candidate(first).utilizationWith(requestKw) ? second : first;
    }
}
