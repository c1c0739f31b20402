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

    private final Map<String, Counter> assigned = new ConcurrentHashMap<>();
    private final Map<String, Counter> full = new ConcurrentHashMap<>();
    private final Map<String, Counter> outbid = new ConcurrentHashMap<>();
    private final Map<String, Counter> failed = new ConcurrentHashMap<>();
    private final Counter rejected;
    private final MeterRegistry meters;

    AssignmentMetrics(BalancerProperties properties, MeterRegistry meters) {
        this.meters = meters;
        for (BalancerProperties.Substation substation : properties.substations()) {
            assigned.put(substation.id(), counter(meters, substation.id(), "assigned"));
            full.put(substation.id(), counter(meters, substation.id(), "full"));
            outbid.put(substation.id(), counter(meters, substation.id(), "outbid"));
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

    /** Refused under the ceiling sent (another substation is now less loaded); the request is chosen for again. */
    void outbid(String substationId) {
        outbid.computeIfAbsent(substationId, id -> counter(meters, id, "outbid")).increment();
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
