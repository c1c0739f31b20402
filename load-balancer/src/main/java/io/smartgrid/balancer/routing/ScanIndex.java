package io.smartgrid.balancer.routing;

import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code random} and {@code power-of-two} decided by their plain rule ({@link Rules}) over a copy of the view: no
 * tree. Their draws need the candidates with room counted and the k-th of them found, and a tree that answers both
 * in O(log n) must re-sort a substation on every reservation and release; at the grid sizes the balancer is for, a
 * scan costs less (figures in {@code docs/decision-benchmark.md}).
 */
final class ScanIndex extends CandidateIndex {

    private static final BitSet NONE = new BitSet();

    private final boolean twoChoices;
    private Candidate[] view = new Candidate[16];

    ScanIndex(boolean twoChoices) {
        this.twoChoices = twoChoices;
    }

    @Override
    void put(int index, Candidate candidate) {
        if (index >= view.length) {
            view = Arrays.copyOf(view, Math.max(index + 1, view.length * 2));
        }
        view[index] = candidate;
    }

    @Override
    int pick(double requestKw) {
        // Excluded positions are already empty in the view: the base class takes them out for this decision.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return twoChoices ? Rules.powerOfTwo(view, requestKw, NONE, random) : Rules.random(view, requestKw, NONE, random);
    }
}
