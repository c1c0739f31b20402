package io.smartgrid.substation.charging;

import io.smartgrid.substation.allocation.AllocationPolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The waitlist: cars whose minimum does not fit wait, when they ask to, and start by themselves in order once it fits;
 * on a clock moved by hand (60 simulated seconds a second).
 */
class ChargingStationWaitlistTests {

    private static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");

    private final MutableClock clock = new MutableClock(T0);

    private ChargingStation station(AllocationPolicy policy, int maxLength, Duration maxWait) {
        return new ChargingStation("substation-1", 10, 60, 1000, clock, SessionStore.NONE, policy, 1.4,
                new SubstationProperties.Waitlist(maxLength, maxWait));
    }

    private ChargingStation station() {
        return station(AllocationPolicy.MAX_MIN, 10, Duration.ofMinutes(30));
    }

    /** A car that charges only at {@code kw}: its minimum is its maximum. */
    private static Admission ask(ChargingStation station, String vehicle, double kw, double energyKwh,
            Instant departure, boolean mayWait) {
        return station.admit(null, vehicle, kw, kw, energyKwh, departure, Double.POSITIVE_INFINITY, mayWait);
    }

    private static Session admitted(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) admission).session();
    }

    private static Session queued(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Queued.class);
        return ((Admission.Queued) admission).session();
    }

    private static Session found(SessionLookup lookup) {
        assertThat(lookup).isInstanceOf(SessionLookup.Found.class);
        return ((SessionLookup.Found) lookup).session();
    }

    @Test
    void aCarWhoseMinimumDoesNotFitWaitsWhenItAsksToAndIsRefusedWhenItDoesNot() {
        ChargingStation station = station();
        admitted(ask(station, "EV-1", 4, 1, null, false));
        admitted(ask(station, "EV-2", 4, 2, null, false));

        assertThat(ask(station, "EV-3", 4, 1, null, false)).isInstanceOf(Admission.Full.class);
        Session waiting = queued(ask(station, "EV-4", 4, 1, null, true));

        assertThat(waiting.status()).isEqualTo(SessionStatus.WAITING);
        assertThat(waiting.startedAt()).isNull();
        assertThat(waiting.allocatedKw()).isZero();
        assertThat(waiting.position()).isEqualTo(1);
        // EV-1 completes after 1 kWh at 4 kW: 15 simulated minutes, 15 real seconds; that frees 4 kW.
        assertThat(waiting.estimatedStartAt()).isEqualTo(T0.plusSeconds(15));
        assertThat(station.load()).returns(1, LoadReport::waiting).returns(4.0, LoadReport::waitingKw)
                .returns(8.0, LoadReport::loadKw);
    }

    @Test
    void waitingCarsStartByThemselvesInArrivalOrderOnceTheirMinimumFitsAndNobodyOvertakesThem() {
        ChargingStation station = station();
        admitted(ask(station, "EV-1", 4, 1, null, false)); // completes at 15 s
        admitted(ask(station, "EV-2", 4, 2, null, false)); // completes at 30 s
        Session first = queued(ask(station, "EV-3", 4, 10, null, true));
        Session second = queued(ask(station, "EV-4", 3, 1, null, true));

        assertThat(second.position()).isEqualTo(2);
        // After EV-3 starts at 15 s, 2 kW are left: EV-4's 3 kW fit once EV-2 completes at 30 s.
        assertThat(second.estimatedStartAt()).isEqualTo(T0.plusSeconds(30));
        // 2 kW are free now, but a newcomer does not overtake those waiting, whatever it asks.
        assertThat(ask(station, "EV-5", 1, 1, null, false)).isInstanceOf(Admission.Full.class);

        clock.advance(Duration.ofSeconds(15));
        Session started = found(station.find(first.sessionId()));
        assertThat(started.status()).isEqualTo(SessionStatus.CHARGING);
        assertThat(started.startedAt()).isEqualTo(T0.plusSeconds(15));
        assertThat(started.allocatedKw()).isEqualTo(4.0);
        assertThat(found(station.find(second.sessionId()))).returns(SessionStatus.WAITING, Session::status)
                .returns(1, Session::position);

        clock.advance(Duration.ofSeconds(15));
        assertThat(found(station.find(second.sessionId()))).returns(SessionStatus.CHARGING, Session::status)
                .returns(T0.plusSeconds(30), Session::startedAt);
        assertThat(station.load()).returns(0, LoadReport::waiting).returns(2, LoadReport::activeSessions);
        assertThat(station.totals().sessionsStarted()).isEqualTo(4);
    }

    @Test
    void aStopStartsTheFirstWaitingCarAtOnce() {
        ChargingStation station = station();
        Session charging = admitted(ask(station, "EV-1", 8, 10, null, false));
        Session waiting = queued(ask(station, "EV-2", 5, 1, null, true));

        clock.advance(Duration.ofSeconds(3));
        station.stop(charging.sessionId());

        assertThat(found(station.find(waiting.sessionId()))).returns(SessionStatus.CHARGING, Session::status)
                .returns(T0.plusSeconds(3), Session::startedAt);
    }

    @Test
    void aCancelledWaitingCarIsStoppedWithNothingDeliveredAndTheNextOneMovesUpOrStarts() {
        ChargingStation station = station();
        admitted(ask(station, "EV-1", 6, 10, null, false));
        Session big = queued(ask(station, "EV-2", 8, 1, null, true));
        Session small = queued(ask(station, "EV-3", 4, 1, null, true));
        Session last = queued(ask(station, "EV-4", 8, 1, null, true));
        assertThat(small.position()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(2));
        Session cancelled = found(station.stop(big.sessionId()));

        assertThat(cancelled).returns(SessionStatus.STOPPED, Session::status).returns(0.0, Session::deliveredKwh)
                .returns(null, Session::startedAt).returns(T0.plusSeconds(2), Session::endedAt)
                .returns(null, Session::position);
        assertThat(found(station.find(big.sessionId())).status()).isEqualTo(SessionStatus.STOPPED);
        // The big one held the small one back: 4 kW fit beside 6.
        assertThat(found(station.find(small.sessionId())).status()).isEqualTo(SessionStatus.CHARGING);
        assertThat(found(station.find(last.sessionId()))).returns(SessionStatus.WAITING, Session::status)
                .returns(1, Session::position);
        // A repeated cancel answers the same, and counts nothing as stopped that never charged.
        assertThat(found(station.stop(big.sessionId())).status()).isEqualTo(SessionStatus.STOPPED);
        assertThat(station.totals().sessionsStopped()).isZero();
        assertThat(station.load().waiting()).isEqualTo(1);
    }

    @Test
    void theListIsBoundedByItsLengthAndBeyondItACarIsRefusedAsFull() {
        ChargingStation station = station(AllocationPolicy.MAX_MIN, 1, Duration.ofMinutes(30));
        admitted(ask(station, "EV-1", 10, 10, null, false));
        queued(ask(station, "EV-2", 5, 1, null, true));

        assertThat(ask(station, "EV-3", 5, 1, null, true)).isInstanceOf(Admission.Full.class);
        assertThat(station.totals().admissionsRejected()).isEqualTo(1);
        // A minimum above the whole capacity would wait for nothing.
        assertThat(station(AllocationPolicy.MAX_MIN, 10, Duration.ofMinutes(30)))
                .satisfies(empty -> assertThat(ask(empty, "EV-4", 11, 1, null, true))
                        .isInstanceOf(Admission.Full.class));
        assertThat(station(AllocationPolicy.MAX_MIN, 0, Duration.ofMinutes(30)))
                .satisfies(none -> {
                    admitted(ask(none, "EV-1", 10, 10, null, false));
                    assertThat(ask(none, "EV-2", 5, 1, null, true)).isInstanceOf(Admission.Full.class);
                });
    }

    @Test
    void aWaitingCarLeavesStoppedAtItsMaximumWaitOrAtItsDepartureIfThatComesFirst() {
        ChargingStation station = station(AllocationPolicy.MAX_MIN, 10, Duration.ofMinutes(2));
        admitted(ask(station, "EV-1", 10, 100, null, false));
        Session patient = queued(ask(station, "EV-2", 5, 1, null, true));
        Session leaving = queued(ask(station, "EV-3", 5, 1, T0.plusSeconds(50), true));
        // A departure already past cannot wait at all.
        assertThat(ask(station, "EV-4", 5, 1, T0, true)).isInstanceOf(Admission.Full.class);

        clock.advance(Duration.ofSeconds(60));
        assertThat(found(station.find(leaving.sessionId()))).returns(SessionStatus.STOPPED, Session::status)
                .returns(T0.plusSeconds(50), Session::endedAt);
        assertThat(found(station.find(patient.sessionId())).status()).isEqualTo(SessionStatus.WAITING);

        clock.advance(Duration.ofSeconds(60));
        assertThat(found(station.find(patient.sessionId()))).returns(SessionStatus.STOPPED, Session::status)
                .returns(T0.plusSeconds(120), Session::endedAt).returns(0.0, Session::deliveredKwh);
        assertThat(station.load().waiting()).isZero();
    }

    @Test
    void underLeastLaxityTheWaitingCarWithTheLeastSlackStartsFirstAndCarsWithoutDepartureLast() {
        ChargingStation station = station(AllocationPolicy.LEAST_LAXITY, 10, Duration.ofMinutes(30));
        Session charging = admitted(ask(station, "EV-1", 10, 100, null, false));
        Session noDeparture = queued(ask(station, "EV-2", 5, 1, null, true));
        Session later = queued(ask(station, "EV-3", 5, 1, T0.plusSeconds(600), true));
        Session sooner = queued(ask(station, "EV-4", 5, 1, T0.plusSeconds(300), true));

        assertThat(found(station.find(sooner.sessionId())).position()).isEqualTo(1);
        assertThat(found(station.find(later.sessionId())).position()).isEqualTo(2);
        assertThat(found(station.find(noDeparture.sessionId())).position()).isEqualTo(3);

        clock.advance(Duration.ofSeconds(5));
        station.stop(charging.sessionId());
        assertThat(found(station.find(sooner.sessionId())).status()).isEqualTo(SessionStatus.CHARGING);
        assertThat(found(station.find(later.sessionId())).status()).isEqualTo(SessionStatus.CHARGING);
        assertThat(found(station.find(noDeparture.sessionId()))).returns(SessionStatus.WAITING, Session::status)
                .returns(1, Session::position);
    }

    @Test
    void aRepeatedWaitingStartIsAnsweredWithTheWaitingSessionAndQueuesNothingTwice() {
        ChargingStation station = station();
        admitted(ask(station, "EV-1", 10, 10, null, false));
        String id = "substation-1.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11";
        queued(station.admit(id, "EV-2", 5, 5, 1, null, Double.POSITIVE_INFINITY, true));

        Admission repeat = station.admit(id, "EV-2", 5, 5, 1, null, Double.POSITIVE_INFINITY, true);

        assertThat(repeat).isInstanceOf(Admission.Existing.class);
        assertThat(((Admission.Existing) repeat).session()).returns(SessionStatus.WAITING, Session::status)
                .returns(1, Session::position);
        assertThat(station.load().waiting()).isEqualTo(1);
    }
}
