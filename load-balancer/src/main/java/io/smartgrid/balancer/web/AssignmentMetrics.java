package io.smartgrid.balancer.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smartgrid.balancer.BalancerProperties;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code balancer_assignments_total{substation,outcome}}: every attempt to place a session and how it ended, plus
 * requests that found no substation at all ({@code substation="none"}). Counters are created up front, so that
 * dashboards see every series from the start and a request never looks one up by building tags.
 */
@Component
class AssignmentMetrics {

    static final String NAME = "balancer.assignments";

    private final Map<String, Counter> assigned = new HashMap<>();
    private final Map<String, Counter> full = new HashMap<>();
    private final Map<String, Counter> failed = new HashMap<>();
    private final Counter rejected;

    AssignmentMetrics(BalancerProperties properties, MeterRegistry meters) {
        for (BalancerProperties.Substation substation : properties.substations()) {
            assigned.put(substation.id(), counter(meters, substation.id(), "assigned"));
            full.put(substation.id(), counter(meters, substation.id(), "full"));
            failed.put(substation.id(), counter(meters, substation.id(), "failed"));
        }
        rejected = counter(meters, "none", "rejected");
    }

    void assigned(String substationId) {
        assigned.get(substationId).increment();
    }

    void full(String substationId) {
        full.get(substationId).increment();
    }

    void failed(String substationId) {
        failed.get(substationId).increment();
    }

    void rejected() {
        rejected.increment();
    }

    private static Counter counter(MeterRegistry meters, String substation, String outcome) {
        return Counter.builder(NAME)
                .description("Attempts to place a charging session, by substation and how they ended")
                .tag("substation", substation)
                .tag("outcome", outcome)
                .register(meters);
    }
}
