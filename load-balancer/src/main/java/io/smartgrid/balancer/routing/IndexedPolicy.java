package io.smartgrid.balancer.routing;

import java.util.Arrays;
import java.util.BitSet;
import java.util.function.Supplier;

/** A policy by name, with the index that applies it; decisions over a bare snapshot go through a private index. */
final class IndexedPolicy implements Policy {

    private final String name;
    private final Supplier<CandidateIndex> indexes;
    private CandidateIndex snapshotIndex;
    private Candidate[] indexed = new Candidate[0];

    IndexedPolicy(String name, Supplier<CandidateIndex> indexes) {
        this.name = name;
        this.indexes = indexes;
    }

    @Override
    public synchronized int choose(Candidate[] snapshot, double requestKw, BitSet excluded) {
        if (snapshotIndex == null) {
            snapshotIndex = indexes.get();
        }
        if (indexed.length < snapshot.length) {
            indexed = Arrays.copyOf(indexed, snapshot.length);
        }
        // Candidates are immutable and replaced on every change, so identity tells what changed.
        for (int i = 0; i < indexed.length; i++) {
            Candidate current = i < snapshot.length ? snapshot[i] : null;
            if (indexed[i] != current) {
                indexed[i] = current;
                snapshotIndex.update(i, current);
            }
        }
        return snapshotIndex.choose(requestKw, excluded);
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
