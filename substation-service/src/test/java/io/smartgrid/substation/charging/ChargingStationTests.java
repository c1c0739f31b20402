package io.smartgrid.substation.charging;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class ChargingStationTests {

    private static final Instant START = Instant.parse("2026-11-21T08:00:00Z");

    private final MutableClock clock = new MutableClock(START);

    // At 60 simulated seconds per real second, 20 kWh at 10 kW (2 simulated hours) take 2 real minutes.
    private final ChargingStation station = new ChargingStation("substation-2", 300, 60, 100, clock);

    @Test
    void admitsWhilePowerFitsAndRejectsWithFullOtherwise() {
        assertThat(station.admit("EV-1", 200, 20)).isInstanceOf(Admission.Admitted.class);
        assertThat(station.admit("EV-2", 100, 20)).isInstanceOf(Admission.Admitted.class);

        Admission third = station.admit("EV-3", 1, 20);

        assertThat(third).isInstanceOf(Admission.Full.class);
        assertThat(third.load().loadKw()).isEqualTo(300.0);
        assertThat(third.load().activeSessions()).isEqualTo(2);
        assertThat(station.totals().admissionsRejected()).isEqualTo(1);
        assertThat(station.totals().sessionsStarted()).isEqualTo(2);
    }

    @Test
    void sessionIdIsTheSubstationIdAndARandomUuid() {
        Session session = admit("EV-42", 11, 20);

        assertThat(session.sessionId()).startsWith("substation-2.");
        assertThat(UUID.fromString(session.sessionId().substring("substation-2.".length()))).isNotNull();
        assertThat(session.substationId()).isEqualTo("substation-2");
        assertThat(session.vehicleId()).isEqualTo("EV-42");
        assertThat(session.status()).isEqualTo(SessionStatus.CHARGING);
        assertThat(session.startedAt()).isEqualTo(START);
        assertThat(session.endedAt()).isNull();
        assertThat(session.deliveredKwh()).isZero();
    }

    @Test
    void deliversOnTheSimulatedClockAndCompletesWhenTheEnergyIsDelivered() {
        Session session = admit("EV-1", 10, 20);

        clock.advance(Duration.ofSeconds(60));
        Session halfway = found(station.find(session.sessionId()));
        assertThat(halfway.status()).isEqualTo(SessionStatus.CHARGING);
        assertThat(halfway.deliveredKwh()).isCloseTo(10.0, within(1e-9));
        assertThat(station.load().loadKw()).isEqualTo(10.0);

        clock.advance(Duration.ofSeconds(60));
        SessionLookup done = station.find(session.sessionId());

        Session completed = found(done);
        assertThat(completed.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(completed.deliveredKwh()).isEqualTo(20.0);
        assertThat(completed.endedAt()).isEqualTo(START.plusSeconds(120));
        assertThat(done.load().loadKw()).isZero();
        assertThat(done.load().activeSessions()).isZero();
        assertThat(station.totals().sessionsCompleted()).isEqualTo(1);
        assertThat(station.totals().energyDeliveredKwh()).isEqualTo(20.0);
    }

    @Test
    void completionEndsAtItsOwnInstantEvenWhenNoticedLater() {
        Session session = admit("EV-1", 10, 20);

        clock.advance(Duration.ofHours(5));

        assertThat(station.completeDue()).isEqualTo(1);
        Session completed = found(station.find(session.sessionId()));
        assertThat(completed.endedAt()).isEqualTo(START.plusSeconds(120));
        assertThat(completed.deliveredKwh()).isEqualTo(20.0);
    }

    @Test
    void completeDueReleasesLoadForReadersOfTheLastReport() {
        admit("EV-1", 10, 20);
        admit("EV-2", 50, 200);
        assertThat(station.lastLoad().loadKw()).isEqualTo(60.0);

        clock.advance(Duration.ofSeconds(120));
        // Nobody has asked yet: the last report still shows both sessions.
        assertThat(station.lastLoad().loadKw()).isEqualTo(60.0);

        assertThat(station.completeDue()).isEqualTo(1);
        assertThat(station.lastLoad().loadKw()).isEqualTo(50.0);
        assertThat(station.lastLoad().activeSessions()).isEqualTo(1);
        assertThat(station.completeDue()).isZero();
    }

    @Test
    void stopReleasesTheLoadAndFreezesTheDeliveredEnergy() {
        Session session = admit("EV-1", 10, 20);
        clock.advance(Duration.ofSeconds(30));

        SessionLookup stop = station.stop(session.sessionId());

        Session stopped = found(stop);
        assertThat(stopped.status()).isEqualTo(SessionStatus.STOPPED);
        assertThat(stopped.deliveredKwh()).isCloseTo(5.0, within(1e-9));
        assertThat(stopped.endedAt()).isEqualTo(START.plusSeconds(30));
        assertThat(stop.load().loadKw()).isZero();
        assertThat(stop.load().activeSessions()).isZero();

        clock.advance(Duration.ofHours(1));
        Session later = found(station.find(session.sessionId()));
        assertThat(later).isEqualTo(stopped);
        assertThat(station.totals().sessionsStopped()).isEqualTo(1);
        assertThat(station.totals().sessionsCompleted()).isZero();
        assertThat(station.totals().energyDeliveredKwh()).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void stopIsIdempotentAndAnswersACompletedSessionUnchanged() {
        Session first = admit("EV-1", 10, 20);
        Session second = admit("EV-2", 10, 20);
        Session stopped = found(station.stop(first.sessionId()));

        assertThat(found(station.stop(first.sessionId()))).isEqualTo(stopped);

        clock.advance(Duration.ofMinutes(10));
        Session completed = found(station.stop(second.sessionId()));
        assertThat(completed.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(completed.deliveredKwh()).isEqualTo(20.0);
        assertThat(station.totals().sessionsStopped()).isEqualTo(1);
        assertThat(station.totals().sessionsCompleted()).isEqualTo(1);
    }

    @Test
    void unknownSessionsAreNotFoundAndCarryTheLoad() {
        admit("EV-1", 22, 20);

        SessionLookup find = station.find("substation-2." + UUID.randomUUID());
        SessionLookup stop = station.stop("nonsense");

        assertThat(find).isInstanceOf(SessionLookup.NotFound.class);
        assertThat(stop).isInstanceOf(SessionLookup.NotFound.class);
        assertThat(find.load().loadKw()).isEqualTo(22.0);
        assertThat(stop.load().activeSessions()).isEqualTo(1);
    }

    @Test
    void versionStartsAtTheWallClockInMicrosAndGrowsWithEveryChange() {
        long boot = station.load().version();
        assertThat(boot).isEqualTo(START.getEpochSecond() * 1_000_000L);

        // The clock does not move: the version still grows by one per change.
        long admitted = station.admit("EV-1", 10, 20).load().version();
        Session session = admit("EV-2", 10, 20);
        long stopped = station.stop(session.sessionId()).load().version();
        assertThat(admitted).isEqualTo(boot + 1);
        assertThat(stopped).isEqualTo(boot + 3);
        assertThat(station.load().version()).isEqualTo(stopped);

        station.admit("EV-3", 1000, 20);
        assertThat(station.load().version()).as("a refused admission changes nothing").isEqualTo(stopped);

        clock.advance(Duration.ofSeconds(10));
        long later = station.admit("EV-4", 10, 20).load().version();
        assertThat(later).isEqualTo(START.plusSeconds(10).getEpochSecond() * 1_000_000L);

        clock.advance(Duration.ofMinutes(10));
        assertThat(station.load().version()).as("completion is a change").isGreaterThan(later);
    }

    @Test
    void energyDeliveredGrowsWhileCharging() {
        admit("EV-1", 60, 20);
        double before = station.totals().energyDeliveredKwh();

        clock.advance(Duration.ofSeconds(5));
        double during = station.totals().energyDeliveredKwh();
        clock.advance(Duration.ofMinutes(5));
        double after = station.totals().energyDeliveredKwh();

        assertThat(before).isZero();
        assertThat(during).isCloseTo(5.0, within(1e-9));
        assertThat(after).isEqualTo(20.0);
    }

    @Test
    void keepsOnlyTheMostRecentEndedSessions() {
        ChargingStation small = new ChargingStation("s", 300, 60, 2, clock);
        String first = ((Admission.Admitted) small.admit("EV-1", 1, 1)).session().sessionId();
        String second = ((Admission.Admitted) small.admit("EV-2", 1, 1)).session().sessionId();
        String third = ((Admission.Admitted) small.admit("EV-3", 1, 1)).session().sessionId();
        small.stop(first);
        small.stop(second);
        small.stop(third);

        assertThat(small.find(first)).isInstanceOf(SessionLookup.NotFound.class);
        assertThat(small.find(second)).isInstanceOf(SessionLookup.Found.class);
        assertThat(small.find(third)).isInstanceOf(SessionLookup.Found.class);
    }

    @Test
    void fractionalPowersNeverDriftTheLoad() {
        ChargingStation exact = new ChargingStation("s", 0.3, 60, 10, clock);
        for (int round = 0; round < 1000; round++) {
            Session a = ((Admission.Admitted) exact.admit("EV-a", 0.1, 1)).session();
            Session b = ((Admission.Admitted) exact.admit("EV-b", 0.2, 1)).session();
            exact.stop(a.sessionId());
            exact.stop(b.sessionId());
        }
        exact.admit("EV-a", 0.1, 1);
        exact.admit("EV-b", 0.2, 1);

        assertThat(exact.load().loadKw()).isEqualTo(0.3);
        assertThat(exact.admit("EV-c", 0.000001, 1)).isInstanceOf(Admission.Full.class);
    }

    @Test
    void rejectsInvalidConfigurationAndArguments() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ChargingStation("Sub.1", 300, 60, 10, clock))
                .withMessageContaining("Sub.1");
        assertThatIllegalArgumentException().isThrownBy(() -> new ChargingStation("s", 0, 60, 10, clock));
        assertThatIllegalArgumentException().isThrownBy(() -> new ChargingStation("s", 300, Double.NaN, 10, clock));
        assertThatIllegalArgumentException().isThrownBy(() -> new ChargingStation("s", 300, 60, 0, clock));
        assertThatIllegalArgumentException().isThrownBy(() -> station.admit("EV-1", Double.NaN, 20));
        assertThatIllegalArgumentException().isThrownBy(() -> station.admit("EV-1", 11, 0));
        assertThat(station.load().activeSessions()).isZero();
    }

    @Test
    void aCallerChosenIdIsUsedAndARepeatAnswersTheSameSessionWithoutAdmittingTwice() {
        String sessionId = "substation-2." + UUID.randomUUID();

        Admission first = station.admit(sessionId, "EV-7", 100, 20);
        // 6 real seconds are 6 simulated minutes: 10 of the 20 kWh at 100 kW.
        clock.advance(Duration.ofSeconds(6));
        Admission repeat = station.admit(sessionId, "EV-7", 100, 20);

        assertThat(first).isInstanceOf(Admission.Admitted.class);
        assertThat(((Admission.Admitted) first).session().sessionId()).isEqualTo(sessionId);
        assertThat(repeat).isInstanceOf(Admission.Existing.class);
        Session again = ((Admission.Existing) repeat).session();
        assertThat(again.sessionId()).isEqualTo(sessionId);
        assertThat(again.status()).isEqualTo(SessionStatus.CHARGING);
        assertThat(again.deliveredKwh()).isCloseTo(10.0, within(1e-9));
        assertThat(repeat.load().loadKw()).isEqualTo(100.0);
        assertThat(repeat.load().activeSessions()).isEqualTo(1);
        assertThat(station.totals().sessionsStarted()).isEqualTo(1);
    }

    @Test
    void aRepeatOfAStoppedSessionAnswersItEvenWhenFullOrDrainingAndAdmitsNothing() {
        String sessionId = "substation-2." + UUID.randomUUID();
        station.admit(sessionId, "EV-7", 100, 20);
        station.stop(sessionId);
        admit("EV-8", 300, 20);
        station.drain();

        Admission repeat = station.admit(sessionId, "EV-7", 100, 20);

        assertThat(repeat).isInstanceOf(Admission.Existing.class);
        assertThat(((Admission.Existing) repeat).session().status()).isEqualTo(SessionStatus.STOPPED);
        assertThat(repeat.load().loadKw()).isEqualTo(300.0);
        assertThat(station.totals().sessionsStarted()).isEqualTo(2);
    }

    @Test
    void aStartThatArrivesAfterItsIdWasStoppedIsRefusedAndAdmitsNothing() {
        String sessionId = "substation-2." + UUID.randomUUID();

        // The balancer gave up on its start and sent the stop first; the start was still on its way.
        assertThat(station.stop(sessionId)).isInstanceOf(SessionLookup.NotFound.class);
        Admission late = station.admit(sessionId, "EV-9", 50, 20);

        assertThat(late).isInstanceOf(Admission.Cancelled.class);
        assertThat(late.load().loadKw()).isZero();
        assertThat(station.find(sessionId)).isInstanceOf(SessionLookup.NotFound.class);
        assertThat(station.totals().sessionsStarted()).isZero();
        // Other ids are not affected.
        assertThat(station.admit("substation-2." + UUID.randomUUID(), "EV-9", 50, 20)).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void admitsUnderAUtilizationCeilingAndRefusesAboveItWithoutAdmitting() {
        admit("EV-1", 90, 20);
        long versionBefore = station.load().version();

        // 90 + 30 kW of 300 is 0.4: at the ceiling is still admitted, a hair below it is not.
        Admission atCeiling = station.admit(null, "EV-2", 30, 20, 0.4);
        Admission above = station.admit(null, "EV-3", 30, 20, 0.49);

        assertThat(atCeiling).isInstanceOf(Admission.Admitted.class);
        assertThat(above).isInstanceOf(Admission.AboveCeiling.class);
        Admission.AboveCeiling aboveCeiling = (Admission.AboveCeiling) above;
        assertThat(aboveCeiling.requestedKw()).isEqualTo(30);
        assertThat(aboveCeiling.ceiling()).isEqualTo(0.49);
        assertThat(aboveCeiling.load().loadKw()).as("the true load, for the caller to correct its view")
                .isEqualTo(120.0);
        assertThat(aboveCeiling.load().activeSessions()).isEqualTo(2);
        assertThat(station.load().loadKw()).as("nothing admitted on refusal").isEqualTo(120.0);
        assertThat(station.load().version()).isGreaterThan(versionBefore);
        StationTotals totals = station.totals();
        assertThat(totals.sessionsStarted()).isEqualTo(2);
        assertThat(totals.admissionsAboveCeiling()).isEqualTo(1);
        assertThat(totals.admissionsRejected()).as("not a refusal for capacity").isZero();
    }

    @Test
    void aCeilingMissedOnlyByRoundingStillAdmits() {
        admit("EV-1", 100, 20);

        // (100 + 0.1) / 300 in doubles, as a caller would compute it, a few ulps off the exact ratio.
        double ceiling = (100.0 + 0.1) / 300.0 - 1e-12;

        assertThat(station.admit(null, "EV-2", 0.1, 20, ceiling)).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void withoutACeilingOnlyCapacityCounts() {
        admit("EV-1", 250, 20);

        assertThat(station.admit(null, "EV-2", 50, 20, Double.POSITIVE_INFINITY))
                .isInstanceOf(Admission.Admitted.class);
        assertThat(station.admit(null, "EV-3", 1, 20, Double.POSITIVE_INFINITY)).isInstanceOf(Admission.Full.class);
        assertThat(station.totals().admissionsAboveCeiling()).isZero();
    }

    @Test
    void aRequestThatDoesNotFitIsFullWhateverItsCeiling() {
        admit("EV-1", 290, 20);

        Admission admission = station.admit(null, "EV-2", 11, 20, 0.5);

        assertThat(admission).isInstanceOf(Admission.Full.class);
        assertThat(station.totals().admissionsRejected()).isEqualTo(1);
        assertThat(station.totals().admissionsAboveCeiling()).isZero();
    }

    @Test
    void aRepeatOfAnAdmittedIdIsAnsweredWhateverItsCeilingAndACancelledIdStaysCancelled() {
        String sessionId = "substation-2." + UUID.randomUUID();
        assertThat(station.admit(sessionId, "EV-1", 150, 20, 0.5)).isInstanceOf(Admission.Admitted.class);
        String cancelled = "substation-2." + UUID.randomUUID();
        station.stop(cancelled);

        Admission repeat = station.admit(sessionId, "EV-1", 150, 20, 0.01);
        Admission late = station.admit(cancelled, "EV-2", 11, 20, 0.01);

        assertThat(repeat).isInstanceOf(Admission.Existing.class);
        assertThat(((Admission.Existing) repeat).session().sessionId()).isEqualTo(sessionId);
        assertThat(late).isInstanceOf(Admission.Cancelled.class);
        assertThat(station.load().loadKw()).isEqualTo(150.0);
        assertThat(station.totals().admissionsAboveCeiling()).isZero();
    }

    @Test
    void aCeilingMustBeAPositiveNumber() {
        for (double ceiling : new double[] { 0, -0.5, Double.NaN, Double.NEGATIVE_INFINITY }) {
            assertThatIllegalArgumentException().as("%s", ceiling)
                    .isThrownBy(() -> station.admit(null, "EV-1", 11, 20, ceiling));
        }
        assertThat(station.load().activeSessions()).isZero();
    }

    @Test
    void acceptsOnlyItsOwnIdFollowedByAUuid() {
        String uuid = UUID.randomUUID().toString();

        assertThat(station.ownsSessionId("substation-2." + uuid)).isTrue();
        assertThat(station.ownsSessionId("substation-3." + uuid)).isFalse();
        assertThat(station.ownsSessionId("substation-2x" + uuid)).isFalse();
        assertThat(station.ownsSessionId("substation-2.not-a-uuid-at-all-but-thirty-six-chars")).isFalse();
        assertThat(station.ownsSessionId(null)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> station.admit("substation-3." + uuid, "EV-1", 11, 20));
        assertThat(station.load().activeSessions()).isZero();
    }

    private Session admit(String vehicleId, double powerKw, double energyKwh) {
        Admission admission = station.admit(vehicleId, powerKw, energyKwh);
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) admission).session();
    }

    private static Session found(SessionLookup lookup) {
        assertThat(lookup).isInstanceOf(SessionLookup.Found.class);
        return ((SessionLookup.Found) lookup).session();
    }
}
