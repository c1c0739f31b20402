package io.smartgrid.balancer.placement;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smartgrid.balancer.BalancerProperties;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * {@code balancer_assignments_total{substation,outcome}}: every attempt to place a session and how it ended, plus
 * requests that found no substation at all ({@code substation="none"}). Counters of configured substations are
 * created up front, so that dashboards see every series from the start; a substation that registers itself gets its
 * counters on its first attempt, and then keeps them.
 */
@Component
class AssignmentMetrics {

    static final String NAME = "balancer.assignments";

    /**
     * The outcome tag of a refusal above the ceiling ({@code 409 above-ceiling}), as the substation's own
     * {@code substation_admissions_above_ceiling_total} names it.
     */
    private static final String ABOVE_CEILING = "above-ceiling";

    private final Map<String, Counter> assigned = new ConcurrentHashMap<>();
    private final Map<String, Counter> full = new ConcurrentHashMap<>();
    private final Map<String, Counter> aboveCeiling = new ConcurrentHashMap<>();
    private final Map<String, Counter> failed = new ConcurrentHashMap<>();
    private final Counter rejected;
    private final MeterRegistry meters;

    AssignmentMetrics(BalancerProperties properties, MeterRegistry meters) {
        this.meters = meters;
        for (BalancerProperties.Substation substation : properties.substations()) {
            assigned.put(substation.id(), counter(meters, substation.id(), "assigned"));
            full.put(substation.id(), counter(meters, substation.id(), "full"));
            aboveCeiling.put(substation.id(), counter(meters, substation.id(), ABOVE_CEILING));
            failed.put(substation.id(), counter(meters, substation.id(), "failed"));
        }
        rejected = counter(meters, "none", "rejected");
    }

    void assigned(String substationId) {
        assigned.computeIfAbsent(substationId, id -> counter(meters, id, "assigned")).increment();
    }

    void full(String substationId) {
        full.computeIfAbsent(substationId, id -> counter(meters, id, "full")).increment();
    }

    /** Refused above the ceiling sent (another substation is now less loaded); the request is chosen for again. */
    void aboveCeiling(String substationId) {
        aboveCeiling.computeIfAbsent(substationId, id -> counter(meters, id, ABOVE_CEILING)).increment();
    }

    void failed(String substationId) {
        failed.computeIfAbsent(substationId, id -> counter(meters, id, "failed")).increment();
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
