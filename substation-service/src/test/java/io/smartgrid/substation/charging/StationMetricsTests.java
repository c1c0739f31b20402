package io.smartgrid.substation.charging;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartgrid.substation.allocation.AllocationPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StationMetricsTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T08:00:00Z"));
    private final ChargingStation station = new ChargingStation("substation-3", 100, 60, 100, clock);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void metersFollowTheStation() {
        new StationMetrics(station).bindTo(registry);
        station.admit("EV-1", 60, 10);
        String stopped = ((Admission.Admitted) station.admit("EV-2", 20, 10)).session().sessionId();
        station.admit("EV-3", 50, 10);
        // 80 + 10 kW of 100 is 0.9, above this ceiling.
        station.admit(null, "EV-4", 10, 10, 0.85);
        clock.advance(Duration.ofSeconds(6));
        station.stop(stopped);

        assertThat(gauge("substation.load")).isEqualTo(1);
        assertThat(gauge("substation.load.kw")).isEqualTo(60);
        assertThat(gauge("substation.capacity.kw")).isEqualTo(100);
        assertThat(gauge("substation.utilization.ratio")).isEqualTo(0.6);
        assertThat(counter("substation.sessions.started")).isEqualTo(2);
        assertThat(counter("substation.sessions.stopped")).isEqualTo(1);
        assertThat(counter("substation.admissions.rejected")).isEqualTo(1);
        assertThat(counter("substation.admissions.above.ceiling")).isEqualTo(1);
        assertThat(counter("substation.sessions.completed")).isZero();
        // 6 real seconds at 60x are 0.1 simulated hours: 60 kW gave 6 kWh, the stopped 20 kW gave 2 kWh.
        assertThat(counter("substation.energy.delivered.kwh")).isCloseTo(8.0, within(1e-9));

        clock.advance(Duration.ofMinutes(10));
        station.completeDue();

        assertThat(counter("substation.sessions.completed")).isEqualTo(1);
        assertThat(counter("substation.energy.delivered.kwh")).isCloseTo(12.0, within(1e-9));
        assertThat(gauge("substation.load")).isZero();
        assertThat(gauge("substation.utilization.ratio")).isZero();
    }

    @Test
    void theWaitingGaugeCountsTheWaitlist() {
        ChargingStation small = new ChargingStation("substation-3", 10, 60, 100, clock, AllocationPolicy.MAX_MIN,
                SubstationProperties.Waitlist.DEFAULT);
        new StationMetrics(small).bindTo(registry);
        small.admit(null, "EV-1", 10, 10, 10, null, Double.POSITIVE_INFINITY, false);
        small.admit(null, "EV-2", 5, 5, 10, null, Double.POSITIVE_INFINITY, true);
        small.admit(null, "EV-3", 5, 5, 10, null, Double.POSITIVE_INFINITY, true);

        assertThat(gauge("substation.sessions.waiting")).isEqualTo(2);
    }

    private double gauge(String name) {
        return registry.get(name).tag("substation", "substation-3").gauge().value();
    }

    private double counter(String name) {
        return registry.get(name).tag("substation", "substation-3").functionCounter().count();
    }
}
