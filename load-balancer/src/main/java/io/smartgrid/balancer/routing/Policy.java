package io.smartgrid.balancer.routing;

import java.util.BitSet;

/**
 * A balancing rule, by its configuration name, and the index that applies it.
 *
 * <p>{@link #choose(Candidate[], double, BitSet)} is the rule itself, a plain scan of a snapshot ({@link Rules}); it
 * is thread-safe, and never chooses a candidate that is unhealthy, excluded, or has no room for the request. The
 * registry instead keeps one {@link CandidateIndex} per policy up to date as loads change and asks it for each
 * decision: the same rule, pick for pick, in O(log n) where that pays.
 */
public interface Policy {

    /**
     * Chooses a candidate from a snapshot by a scan of it; ties go to the first tied candidate after the one this
     * policy chose last, so repeated calls share ties exactly as the registry's index does.
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
