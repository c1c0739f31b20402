package io.smartgrid.balancer.routing;

import java.util.List;

/** The policies this balancer offers, by their configuration names. */
public final class Policies {

    public static final String LEAST_UTILIZATION = "least-utilization";
    public static final String LEAST_SESSIONS = "least-sessions";
    public static final String POWER_OF_TWO = "power-of-two";
    public static final String ROUND_ROBIN = "round-robin";
    public static final String RANDOM = "random";

    /** Every configuration name, in the order they are documented. */
    public static final List<String> NAMES = List.of(LEAST_UTILIZATION, LEAST_SESSIONS, POWER_OF_TWO, ROUND_ROBIN, RANDOM);

    private Policies() {
    }

    /** A new policy instance; each keeps its own rotation, so instances are not shared between registries. */
    public static Policy byName(String name) {
        return switch (name) {
            case LEAST_UTILIZATION -> new LeastUtilizationPolicy();
            case LEAST_SESSIONS -> new LeastSessionsPolicy();
            case POWER_OF_TWO -> new PowerOfTwoPolicy();
            case ROUND_ROBIN -> new RoundRobinPolicy();
            case RANDOM -> new RandomPolicy();
            default -> throw new IllegalArgumentException("Unknown policy '" + name + "', expected one of " + NAMES);
        };
    }
}
