package io.smartgrid.charge.charging;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Counts public charge requests by how they ended ({@code charge_requests_total{outcome}}). */
@Component
class ChargeMetrics {

    static final String REQUESTS = "charge.requests";

    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

    ChargeMetrics(MeterRegistry registry) {
        // Registered up front so that every outcome is scraped as 0 before it first happens:
        // rate() over a series that appears mid-range misses its first increments.
        for (Outcome outcome : Outcome.values()) {
            counters.put(outcome, Counter.builder(REQUESTS)
                    .description("Public charge requests by how they ended")
                    .tag("outcome", outcome.label())
                    .register(registry));
        }
    }

    void record(Outcome outcome) {
        counters.get(outcome).increment();
    }
}
