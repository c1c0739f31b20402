package io.smartgrid.balancer.registry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.DoubleSupplier;

/**
 * What the registry shows of itself: {@code balancer_decision_seconds}, and per substation
 * {@code balancer_substation_healthy}, {@code balancer_substation_utilization_ratio} and {@code balancer_load_age}.
 * The gauges read a substation's state under the registry's lock, and leave with the substation.
 */
final class RegistryMetrics {

    private final MeterRegistry meters;
    private final Clock clock;
    private final Lock lock;
    private final Timer decisionTimer;

    RegistryMetrics(MeterRegistry meters, Clock clock, Lock lock) {
        this.meters = meters;
        this.clock = clock;
        this.lock = lock;
        this.decisionTimer = Timer.builder("balancer.decision")
                .description("Time to choose a substation, without calling it")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** A decision took {@code nanos}. */
    void decided(long nanos) {
        decisionTimer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Gives a substation that joined the view its gauges. */
    void joined(SubstationState state) {
        Tags tags = Tags.of("substation", state.id);
        Meter healthy = Gauge.builder("balancer.substation.healthy", state, s -> read(() -> s.healthy ? 1.0 : 0.0))
                .description("1 while the balancer routes to this substation, 0 while it is out of rotation")
                .tags(tags)
                .strongReference(true)
                .register(meters);
        Meter utilization = Gauge.builder("balancer.substation.utilization.ratio", state,
                        s -> read(() -> s.capacityKw > 0 ? s.loadKw / s.capacityKw : 0.0))
                .description("Reported load over capacity, as the balancer last heard it")
                .tags(tags)
                .strongReference(true)
                .register(meters);
        Meter age = TimeGauge.builder("balancer.load.age", state, TimeUnit.MILLISECONDS, s -> read(() -> ageMillis(s)))
                .description("Age of the last load report from this substation")
                .tags(tags)
                .strongReference(true)
                .register(meters);
        state.meters.addAll(List.of(healthy, utilization, age));
    }

    /** Removes the gauges of a substation that left the view. */
    void left(SubstationState state) {
        state.meters.forEach(meters::remove);
        state.meters.clear();
    }

    private double ageMillis(SubstationState state) {
        Instant last = state.lastUpdated;
        return last == null ? Double.NaN : Math.max(0, clock.millis() - last.toEpochMilli());
    }

    private double read(DoubleSupplier value) {
        lock.lock();
        try {
            return value.getAsDouble();
        }
        finally {
            lock.unlock();
        }
    }
}
