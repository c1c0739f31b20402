package io.smartgrid.substation.charging;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * The station's meters, each tagged with its substation. Gauges read the last load report without
 * locking (the completion sweep keeps it fresh); counters read the station's own totals, so they
 * can never disagree with it.
 */
@Component
class StationMetrics implements MeterBinder {

    private final ChargingStation station;

    StationMetrics(ChargingStation station) {
        this.station = station;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("substation", station.substationId());

        Gauge.builder("substation.load", station, s -> s.lastLoad().activeSessions())
                .description("Electric vehicles charging now").tags(tags).register(registry);
        Gauge.builder("substation.load.kw", station, s -> s.lastLoad().loadKw())
                .description("Power drawn now, kW").tags(tags).register(registry);
        Gauge.builder("substation.capacity.kw", station, ChargingStation::capacityKw)
                .description("Power rating, kW").tags(tags).register(registry);
        Gauge.builder("substation.utilization.ratio", station, s -> s.lastLoad().utilization())
                .description("Power drawn over rating, 0-1").tags(tags).register(registry);
        Gauge.builder("substation.demand.kw", station, s -> s.lastLoad().demandKw())
                .description("Power the sessions ask for (the sum of their maximums), kW; above the capacity when "
                        + "power is short").tags(tags).register(registry);
        Gauge.builder("substation.sessions.waiting", station, s -> s.lastLoad().waiting())
                .description("Sessions waiting on the waitlist for their minimum to fit").tags(tags)
                .register(registry);
        Gauge.builder("substation.allocation.ratio", station, s -> allocationRatio(s.lastLoad()))
                .description("Power given over power asked for, 0-1: 1 while power suffices").tags(tags)
                .register(registry);
        Gauge.builder("substation.allocation.min.ratio", station, StationMetrics::leastServed)
                .description("The least served session's power over its maximum, 0-1 (1 with no session)")
                .tags(tags).register(registry);

        counter(registry, tags, "substation.sessions.started", "Sessions admitted",
                StationTotals::sessionsStarted);
        counter(registry, tags, "substation.sessions.completed", "Sessions that ended with their energy delivered",
                StationTotals::sessionsCompleted);
        counter(registry, tags, "substation.sessions.stopped", "Sessions stopped by the client",
                StationTotals::sessionsStopped);
        counter(registry, tags, "substation.admissions.rejected", "Requests refused because the substation was full",
                StationTotals::admissionsRejected);
        counter(registry, tags, "substation.admissions.above.ceiling",
                "Requests refused because the utilisation after them would pass the balancer's ceiling",
                StationTotals::admissionsAboveCeiling);
        counter(registry, tags, "substation.energy.delivered.kwh", "Energy delivered, kWh",
                StationTotals::energyDeliveredKwh);
    }

    static double allocationRatio(LoadReport load) {
        return load.demandKw() > 0 ? load.loadKw() / load.demandKw() : 1;
    }

    private static double leastServed(ChargingStation station) {
        return station.allocationShares().stream().mapToDouble(Double::doubleValue).min().orElse(1);
    }

    private void counter(MeterRegistry registry, Tags tags, String name, String description,
            ToDoubleFunction<StationTotals> total) {
        FunctionCounter.builder(name, station, s -> total.applyAsDouble(s.totals()))
                .description(description).tags(tags).register(registry);
    }
}
