package io.smartgrid.balancer.routing;

import java.util.BitSet;

/**
 * The balancing decision: a pure function of a snapshot and a request.
 *
 * <p>Implementations must be thread-safe and allocation-free per call; they never choose a candidate that is
 * unhealthy, excluded, or has no room for the request.
 */
public interface Policy {

    /**
     * Chooses a candidate.
     *
     * @param snapshot  the substations, in a stable order
     * @param requestKw the power the request will draw
     * @param excluded  indexes already tried for this request
     * @return the index of the chosen candidate, or {@code -1} when none fits
     */
    int choose(Candidate[] snapshot, double requestKw, BitSet excluded);

    /** The name this policy is configured by ({@code grid.balancer.policy}). */
    String name();
}
