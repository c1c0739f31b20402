package io.smartgrid.substation.charging;

import io.smartgrid.substation.allocation.AllocationPolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The station dividing its capacity among its sessions, on a clock moved by hand (60 simulated seconds a second). */
class ChargingStationSharingTests {

    private static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");

    private final MutableClock clock = new MutableClock(T0);

    private ChargingStation station(double capacityKw, AllocationPolicy policy) {
        return new ChargingStation("substation-1", capacityKw, 60, 1000, clock, policy);
    }

    private static Session admitted(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) admission).session();
    }

    private static Session found(SessionLookup lookup) {
        assertThat(lookup).isInstanceOf(SessionLookup.Found.class);
        return ((SessionLookup.Found) lookup).session();
    }

    private static Admission admit(ChargingStation station, String vehicle, double maxKw, double minKw,
            double energyKwh, Instant departure) {
        return station.admit(null, vehicle, maxKw, minKw, energyKwh, departure, Double.POSITIVE_INFINITY);
    }

    @Test
    void whilePowerSufficesEverySessionDrawsItsMaximumAsBeforeSharing() {
        ChargingStation station = station(300, AllocationPolicy.MAX_MIN);
        Session a = admitted(admit(station, "EV-1", 11, 1.4, 20, null));
        Session b = admitted(admit(station, "EV-2", 22, 1.4, 11, null));

        assertThat(a.allocatedKw()).isEqualTo(11.0);
        assertThat(b.allocatedKw()).isEqualTo(22.0);
        // 11 kWh at 22 kW: 30 simulated minutes, 30 real seconds at 60x.
        assertThat(b.estimatedCompletionAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(station.load().loadKw()).isEqualTo(33.0);
        assertThat(station.load().demandKw()).isEqualTo(33.0);
        assertThat(station.load().minimumKw()).isEqualTo(2.8);
    }

    @Test
    void aCarWhoseMaximumDoesNotFitIsAdmittedAndEveryoneGetsAnEqualShareNeverAboveCapacity() {
        ChargingStation station = station(30, AllocationPolicy.MAX_MIN);
        Session a = admitted(admit(station, "EV-1", 22, 1.4, 50, null));
        Session b = admitted(admit(station, "EV-2", 22, 1.4, 50, null));
        Session c = admitted(admit(station, "EV-3", 6, 1.4, 50, null));

        assertThat(found(station.find(a.sessionId())).allocatedKw()).isEqualTo(12.0);
        assertThat(found(station.find(b.sessionId())).allocatedKw()).isEqualTo(12.0);
        // Capped at its own maximum, the rest goes to the others.
        assertThat(found(station.find(c.sessionId())).allocatedKw()).isEqualTo(6.0);
        LoadReport load = station.load();
        assertThat(load.loadKw()).isEqualTo(30.0);
        assertThat(load.demandKw()).isEqualTo(50.0);
        assertThat(load.utilization()).isEqualTo(1.0);
        assertThat(station.allocationShares()).containsExactlyInAnyOrder(12 / 22.0, 12 / 22.0, 1.0);
    }

    @Test
    void aCarIsAdmittedOnlyWhileTheMinimumsFit() {
        ChargingStation station = station(10, AllocationPolicy.MAX_MIN);
        admitted(admit(station, "EV-1", 11, 6, 20, null));

        Admission full = admit(station, "EV-2", 11, 4.001, 20, null);

        assertThat(full).isInstanceOf(Admission.Full.class);
        assertThat(((Admission.Full) full).requestedKw()).isEqualTo(4.001);
        assertThat(station.totals().admissionsRejected()).isEqualTo(1);
        Session second = admitted(admit(station, "EV-2", 11, 4, 20, null));
        assertThat(second.allocatedKw()).isEqualTo(4.0);
        assertThat(station.load().loadKw()).isEqualTo(10.0);
    }

    @Test
    void energyFollowsTheAllocationPieceByPieceAndCompletionMovesWithIt() {
        ChargingStation station = station(20, AllocationPolicy.MAX_MIN);
        Session a = admitted(admit(station, "EV-1", 20, 1.4, 10, null));
        assertThat(a.estimatedCompletionAt()).isEqualTo(T0.plusSeconds(30));

        clock.advance(Duration.ofSeconds(15)); // 15 simulated minutes at 20 kW: 5 kWh
        Session b = admitted(admit(station, "EV-2", 20, 1.4, 100, null));

        Session aShared = found(station.find(a.sessionId()));
        assertThat(aShared.allocatedKw()).isEqualTo(10.0);
        assertThat(aShared.deliveredKwh()).isEqualTo(5.0);
        // The 5 kWh left at 10 kW take 30 simulated minutes more: completion moved from 30 s to 45 s.
        assertThat(aShared.estimatedCompletionAt()).isEqualTo(T0.plusSeconds(45));
        assertThat(b.allocatedKw()).isEqualTo(10.0);

        clock.advance(Duration.ofSeconds(15));
        assertThat(found(station.find(a.sessionId())).deliveredKwh()).isEqualTo(7.5);

        clock.advance(Duration.ofSeconds(25)); // 55 s: A completed at 45 s, B has had 20 kW since
        Session aDone = found(station.find(a.sessionId()));
        assertThat(aDone.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(aDone.endedAt()).isEqualTo(T0.plusSeconds(45));
        assertThat(aDone.deliveredKwh()).isEqualTo(10.0);
        Session bAlone = found(station.find(b.sessionId()));
        assertThat(bAlone.allocatedKw()).isEqualTo(20.0);
        // 30 simulated minutes at 10 kW, then 10 at 20 kW.
        assertThat(bAlone.deliveredKwh()).isEqualTo(5.0 + 10.0 / 3, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(station.totals().energyDeliveredKwh())
                .isEqualTo(10.0 + 5.0 + 10.0 / 3, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aStopGivesItsPowerBackToTheOthers() {
        ChargingStation station = station(20, AllocationPolicy.MAX_MIN);
        Session a = admitted(admit(station, "EV-1", 20, 1.4, 50, null));
        Session b = admitted(admit(station, "EV-2", 20, 1.4, 50, null));
        clock.advance(Duration.ofSeconds(6)); // 6 simulated minutes at 10 kW: 1 kWh

        Session stopped = found(station.stop(b.sessionId()));

        assertThat(stopped.status()).isEqualTo(SessionStatus.STOPPED);
        assertThat(stopped.deliveredKwh()).isEqualTo(1.0);
        assertThat(stopped.allocatedKw()).isZero();
        assertThat(found(station.find(a.sessionId())).allocatedKw()).isEqualTo(20.0);
        assertThat(station.load().loadKw()).isEqualTo(20.0);
        assertThat(station.load().demandKw()).isEqualTo(20.0);
    }

    @Test
    void leastLaxityServesTheCarThatLeavesFirstAndCarsWithoutADepartureLast() {
        ChargingStation station = station(10, AllocationPolicy.LEAST_LAXITY);
        // Departures in real time: at 60x, 65 real seconds are 65 simulated minutes.
        Session later = admitted(admit(station, "EV-1", 10, 1.4, 10, T0.plusSeconds(120)));
        Session unknown = admitted(admit(station, "EV-2", 10, 1.4, 10, null));
        Session soon = admitted(admit(station, "EV-3", 10, 1.4, 10, T0.plusSeconds(65)));

        assertThat(found(station.find(soon.sessionId())).allocatedKw()).isEqualTo(7.2);
        assertThat(found(station.find(later.sessionId())).allocatedKw()).isEqualTo(1.4);
        assertThat(found(station.find(unknown.sessionId())).allocatedKw()).isEqualTo(1.4);
        assertThat(found(station.find(later.sessionId())).departureAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(station.load().loadKw()).isEqualTo(10.0);
    }

    @Test
    void leastLaxityReordersOnItsOwnWhenTheSlackOfTheCarsCrosses() {
        ChargingStation station = station(10, AllocationPolicy.LEAST_LAXITY);
        // First: laxity 30 min, gets 8.6 kW of 10 (loses 0.14 min of slack a minute). Second: laxity 45 min at 1.4 kW
        // of 10 (loses 0.86 a minute). The gap of 15 minutes closes at 0.72 a minute: after about 20.8 minutes.
        Session first = admitted(admit(station, "EV-1", 10, 1.4, 20, T0.plusSeconds(150)));
        Session second = admitted(admit(station, "EV-2", 10, 1.4, 20, T0.plusSeconds(165)));
        assertThat(found(station.find(first.sessionId())).allocatedKw()).isEqualTo(8.6);
        assertThat(found(station.find(second.sessionId())).allocatedKw()).isEqualTo(1.4);

        clock.advance(Duration.ofSeconds(20));
        assertThat(found(station.find(second.sessionId())).allocatedKw()).isEqualTo(1.4);

        clock.advance(Duration.ofSeconds(2));
        assertThat(found(station.find(second.sessionId())).allocatedKw()).isEqualTo(8.6);
        assertThat(found(station.find(first.sessionId())).allocatedKw()).isEqualTo(1.4);
        assertThat(station.load().loadKw()).isEqualTo(10.0);
    }

    @Test
    void anUnansweredAdmissionIsInNeitherTheReportedLoadNorTheDemandUntilAnswered() {
        ChargingStation station = station(20, AllocationPolicy.MAX_MIN);
        Admission first = admit(station, "EV-1", 20, 1.4, 50, null);
        Admission second = admit(station, "EV-2", 20, 1.4, 50, null);

        // Both answered: each carries the load right after its answer.
        assertThat(first.load().loadKw()).isEqualTo(20.0);
        assertThat(second.load().loadKw()).isEqualTo(20.0);
        assertThat(second.load().demandKw()).isEqualTo(40.0);
        assertThat(second.load().activeSessions()).isEqualTo(2);
    }
}
