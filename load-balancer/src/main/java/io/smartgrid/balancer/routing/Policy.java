package io.smartgrid.balancer.routing;

import java.util.BitSet;

/**
 * A balancing rule, by its configuration name, and the index that applies it.
 *
 * <p>The registry keeps one {@link CandidateIndex} per policy up to date as loads change and asks it for each
 * decision in O(log n). {@link #choose(Candidate[], double, BitSet)} applies the same rule to a whole snapshot, for
 * callers that hold an array rather than an index; it is thread-safe, and never chooses a candidate that is
 * unhealthy, excluded, or has no room for the request.
 */
public interface Policy {

    /**
     * Chooses a candidate from a snapshot. A private index is brought up to date with the snapshot (one reference
     * comparison per entry, an O(log n) update per changed entry) and then decides, so repeated calls over a mostly
     * unchanged array share ties exactly as the registry's index does.
     *
     * @param snapshot  the substations, in a stable order
     * @param requestKw the power the request will draw
     * @param excluded  indexes already tried for this request
     * @return the index of the chosen candidate, or {@code -1} when none fits
     */
    int choose(Candidate[] snapshot, double requestKw, BitSet excluded);

    /** The name this policy is configured by ({@code grid.balancer.policy}). */
    String name();

    /** A new, empty index applying this policy; the caller feeds it every change and serialises access to it. */
    CandidateIndex newIndex();
}
