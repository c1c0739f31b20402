package io.smartgrid.balancer.routing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

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

    /** A new policy instance; each keeps its own tie rotation, so instances are not shared between registries. */
    public static Policy byName(String name) {
        return switch (name) {
            case LEAST_UTILIZATION -> new IndexedPolicy(name, Rules::leastUtilization, LeastUtilizationIndex::new);
            case LEAST_SESSIONS -> new IndexedPolicy(name, Rules::leastSessions, LeastSessionsIndex::new);
            case POWER_OF_TWO -> new IndexedPolicy(name, (snapshot, requestKw, excluded, last) ->
                    Rules.powerOfTwo(snapshot, requestKw, excluded, ThreadLocalRandom.current()),
                    () -> new ScanIndex(true));
            case ROUND_ROBIN -> new IndexedPolicy(name, Rules::roundRobin, RoundRobinIndex::new);
            case RANDOM -> new IndexedPolicy(name, (snapshot, requestKw, excluded, last) ->
                    Rules.random(snapshot, requestKw, excluded, ThreadLocalRandom.current()),
                    () -> new ScanIndex(false));
            default -> throw new IllegalArgumentException("Unknown policy '" + name + "', expected one of " + NAMES);
        };
    }
}
