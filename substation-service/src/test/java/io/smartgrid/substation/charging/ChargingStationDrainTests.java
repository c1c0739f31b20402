package io.smartgrid.substation.charging;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChargingStationDrainTests {

    private static final Instant START = Instant.parse("2026-11-21T08:00:00Z");

    private final MutableClock clock = new MutableClock(START);

    // At 60 simulated seconds per real second, 10 kWh at 10 kW (1 simulated hour) take 1 real minute.
    private final ChargingStation station = new ChargingStation("substation-2", 300, 60, 100, clock);

    @Test
    void aDrainingStationAdmitsNothingNewWhileItsSessionsChargeOn() {
        Session charging = ((Admission.Admitted) station.admit("EV-1", 10, 10)).session();
        long before = station.load().version();

        LoadReport drained = station.drain();

        assertThat(drained.draining()).isTrue();
        assertThat(drained.version()).as("readers must see the change").isGreaterThan(before);
        assertThat(station.draining()).isTrue();
        Admission refused = station.admit("EV-2", 1, 1);
        assertThat(refused).isInstanceOf(Admission.Draining.class);
        assertThat(refused.load().draining()).isTrue();
        assertThat(refused.load().activeSessions()).isEqualTo(1);
        assertThat(station.totals().admissionsRejected()).as("not full, so not counted as rejected").isZero();

        clock.advance(Duration.ofSeconds(30));
        SessionLookup halfway = station.find(charging.sessionId());
        assertThat(((SessionLookup.Found) halfway).session().deliveredKwh()).isEqualTo(5.0);
        clock.advance(Duration.ofSeconds(30));
        assertThat(((SessionLookup.Found) station.find(charging.sessionId())).session().status())
                .isEqualTo(SessionStatus.COMPLETED);
        assertThat(station.load().loadKw()).isZero();
        assertThat(station.load().draining()).isTrue();
    }

    @Test
    void resumingAdmitsAgainAndDrainingTwiceChangesNothing() {
        station.drain();
        long drainedVersion = station.drain().version();
        assertThat(station.load().version()).isEqualTo(drainedVersion);

        LoadReport resumed = station.resume();

        assertThat(resumed.draining()).isFalse();
        assertThat(resumed.version()).isGreaterThan(drainedVersion);
        assertThat(station.admit("EV-3", 11, 20)).isInstanceOf(Admission.Admitted.class);
    }
}
