package io.smartgrid.balancer.routing;

/**
 * One substation as a policy sees it at the moment of a decision.
 *
 * @param id             the substation id
 * @param capacityKw     its rating
 * @param loadKw         the effective load: last reported load plus this balancer's in-flight assignments
 * @param activeSessions sessions charging there, as last reported
 * @param healthy        whether the substation answered its last call
 */
public record Candidate(String id, double capacityKw, double loadKw, int activeSessions, boolean healthy) {

    /** Whether this candidate may take {@code requestKw} more without passing its capacity. */
    boolean fits(double requestKw) {
        return healthy && capacityKw > 0 && loadKw + requestKw <= capacityKw;
    }

    /** Utilisation after adding {@code requestKw}: comparing this, not the current one, favours big substations fairly. */
    double utilizationWith(double requestKw) {
        return (loadKw + requestKw) / capacityKw;
    }
}
