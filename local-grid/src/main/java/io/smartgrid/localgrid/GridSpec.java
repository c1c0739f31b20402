package io.smartgrid.localgrid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to start: how many substations with which capacities, how fast their clock runs, where to
 * listen, and any extra properties for every service.
 *
 * @param capacitiesKw one capacity per substation, in kW
 * @param clockSpeed simulated seconds per real second in every substation
 * @param host the address every service binds to and is reached at
 * @param basePort the charge-request service's port; the balancer takes the next and the
 *     substations the ones after it. {@code 0} picks free ports (for tests).
 * @param properties extra Spring properties for every service (e.g. the balancer's poll interval)
 * @param balancerReplicas how many balancers to start side by side, each in front of every
 *     substation, and as many charge-request services, each of which knows every balancer; extra
 *     replicas take the ports after the substations' (charge-request service, then balancer)
 */
public record GridSpec(List<Double> capacitiesKw, double clockSpeed, String host, int basePort,
        Map<String, String> properties, int balancerReplicas) {

    /** The capacities of the default three substations: unequal, as in a real city. */
    public static final List<Double> DEFAULT_CAPACITIES_KW = List.of(150.0, 300.0, 450.0);

    public GridSpec {
        if (capacitiesKw.isEmpty()) {
            throw new IllegalArgumentException("a grid needs at least one substation");
        }
        if (capacitiesKw.stream().anyMatch(c -> !(c > 0))) {
            throw new IllegalArgumentException("every substation capacity must be positive: " + capacitiesKw);
        }
        if (!(clockSpeed > 0)) {
            throw new IllegalArgumentException("the clock speed must be positive: " + clockSpeed);
        }
        if (balancerReplicas < 1) {
            throw new IllegalArgumentException("a grid needs at least one balancer, not " + balancerReplicas);
        }
        if (basePort < 0 || basePort + portCount(capacitiesKw.size(), balancerReplicas) - 1 > 65535) {
            throw new IllegalArgumentException("ports out of range from base port " + basePort);
        }
        capacitiesKw = List.copyOf(capacitiesKw);
        properties = Map.copyOf(properties);
    }

    /** A grid with one balancer and one charge-request service, as in production. */
    public GridSpec(List<Double> capacitiesKw, double clockSpeed, String host, int basePort, Map<String, String> properties) {
        this(capacitiesKw, clockSpeed, host, basePort, properties, 1);
    }

    /** How many ports the grid listens on: every substation, and a balancer and a charge-request service per replica. */
    public int portCount() {
        return portCount(capacitiesKw.size(), balancerReplicas);
    }

    private static int portCount(int substations, int replicas) {
        return substations + 2 * replicas;
    }

    /** {@code count} substations cycling through 150, 300 and 450 kW. */
    public static List<Double> defaultCapacities(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a grid needs at least one substation, not " + count);
        }
        List<Double> capacities = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            capacities.add(DEFAULT_CAPACITIES_KW.get(i % DEFAULT_CAPACITIES_KW.size()));
        }
        return capacities;
    }

    /** The default grid on the default ports: three substations, 8080–8084 on localhost. */
    public static GridSpec defaults() {
        return new GridSpec(DEFAULT_CAPACITIES_KW, 60, "127.0.0.1", 8080, Map.of());
    }

    /** A grid on free ports of 127.0.0.1, for tests. */
    public static GridSpec onFreePorts(List<Double> capacitiesKw, double clockSpeed) {
        return new GridSpec(capacitiesKw, clockSpeed, "127.0.0.1", 0, Map.of());
    }

    /** This spec with one more property for every service. */
    public GridSpec with(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(properties);
        more.put(key, value);
        return new GridSpec(capacitiesKw, clockSpeed, host, basePort, more, balancerReplicas);
    }

    /** This spec with {@code replicas} balancers side by side, and as many charge-request services, each knowing all. */
    public GridSpec withBalancerReplicas(int replicas) {
        return new GridSpec(capacitiesKw, clockSpeed, host, basePort, properties, replicas);
    }
}
