package io.smartgrid.balancer.routing;

import java.util.BitSet;
import java.util.function.Supplier;

/**
 * A policy by name: its rule over a snapshot, as written in {@link Rules}, and the index that applies the same rule to
 * the registry's ever-changing view.
 */
final class IndexedPolicy implements Policy {

    /** One of {@link Rules}' functions: the choice for a request, ties going to the first after {@code last}. */
    @FunctionalInterface
    interface Rule {
        int choose(Candidate[] snapshot, double requestKw, BitSet excluded, int last);
    }

    private final String name;
    private final Rule rule;
    private final Supplier<CandidateIndex> indexes;
    private int last = -1;

    IndexedPolicy(String name, Rule rule, Supplier<CandidateIndex> indexes) {
        this.name = name;
        this.rule = rule;
        this.indexes = indexes;
    }

    @Override
    public synchronized int choose(Candidate[] snapshot, double requestKw, BitSet excluded) {
        int chosen = rule.choose(snapshot, requestKw, excluded, last);
        if (chosen >= 0) {
            last = chosen;
        }
        return chosen;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CandidateIndex newIndex() {
        return indexes.get();
    }
}
