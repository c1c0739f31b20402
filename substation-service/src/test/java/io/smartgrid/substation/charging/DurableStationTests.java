package io.smartgrid.substation.charging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.smartgrid.substation.allocation.AllocationPolicy;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A station on its SQLite store: what it acknowledged is there after a restart, exactly, and the sessions that would
 * have completed while it was down have completed.
 */
class DurableStationTests {

    private static final String ID = "substation-1";

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T08:00:00Z"));
    private final List<AutoCloseable> opened = new ArrayList<>();
    private SimpleMeterRegistry meters;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    /** A station on the database in {@link #dataDir}, as the service wires it: each call is a restart. */
    private ChargingStation start(String id, int historyLimit, boolean durable) {
        return start(id, historyLimit, durable, AllocationPolicy.MAX_MIN);
    }

    private ChargingStation start(String id, int historyLimit, boolean durable, AllocationPolicy policy) {
        SubstationProperties properties = new SubstationProperties(id, 100, 60, Duration.ofMillis(200), dataDir,
                durable, Duration.ofDays(7), policy.key(), 1.4);
        StationConfiguration configuration = new StationConfiguration();
        StationConfiguration.SubstationIdentity identity = new StationConfiguration.SubstationIdentity(id);
        HikariDataSource database = configuration.substationDatabase(properties, identity);
        opened.add(database);
        meters = new SimpleMeterRegistry();
        SqliteSessionStore store = configuration.sessionStore(database, properties, identity, meters);
        opened.add(store);
        return new ChargingStation(id, 100, 60, historyLimit, clock, store, policy, 1.4, properties.waitlist());
    }

    private ChargingStation start() {
        return start(ID, 1000, true);
    }

    /** Stops a station without any goodbye: its pool and writer are closed, as the process's death would. */
    private void crash() throws Exception {
        closeAll();
        opened.clear();
    }

    private static String newId() {
        return ID + "." + UUID.randomUUID();
    }

    @Test
    void aRestartedStationHasEveryAcknowledgedSessionItsLoadAndItsTotals() throws Exception {
        ChargingStation before = start();
        String charging = newId();
        String stopped = newId();
        assertThat(before.admit(charging, "EV-1", 11, 20)).isInstanceOf(Admission.Admitted.class);
        assertThat(before.admit(stopped, "EV-2", 22, 50)).isInstanceOf(Admission.Admitted.class);
        assertThat(before.admit(newId(), "EV-3", 80, 20)).isInstanceOf(Admission.Full.class);
        clock.advance(Duration.ofSeconds(30)); // 30 simulated minutes
        Session stop = ((SessionLookup.Found) before.stop(stopped)).session();
        StationTotals totalsBefore = before.totals();
        crash();

        ChargingStation after = start();
        assertThat(after.load().loadKw()).isEqualTo(11.0);
        assertThat(after.load().activeSessions()).isEqualTo(1);
        assertThat(((SessionLookup.Found) after.find(charging)).session())
                .returns(SessionStatus.CHARGING, Session::status)
                .returns(5.5, Session::deliveredKwh)
                .returns("EV-1", Session::vehicleId);
        assertThat(((SessionLookup.Found) after.find(stopped)).session()).isEqualTo(stop);
        assertThat(after.totals()).isEqualTo(totalsBefore);
        // Admission after the restart is decided on the recovered load: 89 kW of headroom, not 100.
        assertThat(after.admit(newId(), "EV-4", 90, 20)).isInstanceOf(Admission.Full.class);
        assertThat(after.admit(newId(), "EV-4", 89, 20)).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void aRestartedStationKeepsItsSessionsWithTheirAllocationsAndAllocatesOverItsDowntimeAsIfItHadRun()
            throws Exception {
        for (AllocationPolicy policy : AllocationPolicy.values()) {
            Path dir = dataDir.resolve(policy.key());
            Instant t0 = clock.instant();
            // A twin that never stops, on the same clock, says what the restarted one must show.
            ChargingStation twin = new ChargingStation(ID, 100, 60, 1000, clock, policy);
            ChargingStation before = startIn(dir, policy);
            String big = newId();
            String small = newId();
            String late = newId();
            for (ChargingStation station : List.of(twin, before)) {
                station.admit(big, "EV-1", 100, 1.4, 100, null, Double.POSITIVE_INFINITY);
                station.admit(small, "EV-2", 100, 1.4, 25, t0.plusSeconds(40), Double.POSITIVE_INFINITY);
                station.admit(late, "EV-3", 50, 10, 30, t0.plusSeconds(90), Double.POSITIVE_INFINITY);
            }
            clock.advance(Duration.ofSeconds(6));
            for (ChargingStation station : List.of(twin, before)) {
                station.stop(late);
            }
            crash();

            clock.advance(Duration.ofSeconds(40)); // down for 40 simulated minutes
            ChargingStation after = startIn(dir, policy);

            for (String id : List.of(big, small, late)) {
                assertThat(((SessionLookup.Found) after.find(id)).session()).as(policy.key() + " " + id)
                        .isEqualTo(((SessionLookup.Found) twin.find(id)).session());
            }
            Session smallNow = ((SessionLookup.Found) after.find(small)).session();
            assertThat(smallNow.status()).isEqualTo(SessionStatus.COMPLETED);
            assertThat(smallNow.endedAt()).isBetween(t0.plusSeconds(6), t0.plusSeconds(46));
            Session bigNow = ((SessionLookup.Found) after.find(big)).session();
            assertThat(bigNow.allocatedKw()).isEqualTo(100.0);
            assertThat(bigNow.minPowerKw()).isEqualTo(1.4);
            assertThat(((SessionLookup.Found) after.find(late)).session().departureAt())
                    .isEqualTo(t0.plusSeconds(90));
            assertThat(after.load()).returns(100.0, LoadReport::loadKw).returns(100.0, LoadReport::demandKw);
            assertThat(after.totals()).isEqualTo(twin.totals());
            crash();
        }
    }

    private ChargingStation startIn(Path dir, AllocationPolicy policy) {
        Path kept = dataDir;
        dataDir = dir;
        try {
            return start(ID, 1000, true, policy);
        }
        finally {
            dataDir = kept;
        }
    }

    @Test
    void waitingSessionsSurviveARestartInTheirOrderAndStartOrLeaveOverTheDowntimeAsIfItHadRun() throws Exception {
        Instant t0 = clock.instant();
        ChargingStation before = start();
        String charging = newId();
        before.admit(charging, "EV-1", 90, 90, 15, null, Double.POSITIVE_INFINITY, false); // completes at 10 s
        String first = newId();
        String second = newId();
        String leaving = newId();
        before.admit(first, "EV-2", 60, 60, 100, null, Double.POSITIVE_INFINITY, true);
        before.admit(second, "EV-3", 30, 30, 100, null, Double.POSITIVE_INFINITY, true);
        before.admit(leaving, "EV-4", 50, 50, 10, t0.plusSeconds(5), Double.POSITIVE_INFINITY, true);
        crash();

        ChargingStation after = start();
        assertThat(((SessionLookup.Found) after.find(first)).session())
                .returns(SessionStatus.WAITING, Session::status).returns(1, Session::position)
                .returns(t0.plusSeconds(10), Session::estimatedStartAt);
        assertThat(((SessionLookup.Found) after.find(second)).session().position()).isEqualTo(2);
        assertThat(after.load().waiting()).isEqualTo(3);
        crash();

        clock.advance(Duration.ofSeconds(20)); // down past EV-1's completion and EV-4's departure
        ChargingStation later = start();
        assertThat(((SessionLookup.Found) later.find(first)).session())
                .returns(SessionStatus.CHARGING, Session::status).returns(t0.plusSeconds(10), Session::startedAt);
        assertThat(((SessionLookup.Found) later.find(second)).session())
                .returns(SessionStatus.CHARGING, Session::status).returns(t0.plusSeconds(10), Session::startedAt);
        assertThat(((SessionLookup.Found) later.find(leaving)).session())
                .returns(SessionStatus.STOPPED, Session::status).returns(t0.plusSeconds(5), Session::endedAt)
                .returns(null, Session::startedAt);
        assertThat(later.load()).returns(0, LoadReport::waiting).returns(90.0, LoadReport::loadKw);
        crash();

        // What a restart read back from the database, and the ended waiting session from there too.
        ChargingStation again = start(ID, 1, true);
        assertThat(((SessionLookup.Found) again.find(leaving)).session().status()).isEqualTo(SessionStatus.STOPPED);
        assertThat(again.load().activeSessions()).isEqualTo(2);
    }

    @Test
    void aSessionThatWouldHaveCompletedWhileTheStationWasDownCompletesWithAllItsEnergy() throws Exception {
        ChargingStation before = start();
        String id = newId();
        before.admit(id, "EV-1", 10, 5); // 30 simulated minutes: 30 real seconds at 60x
        Instant startedAt = clock.instant();
        crash();

        clock.advance(Duration.ofMinutes(5));
        ChargingStation after = start();
        Session session = ((SessionLookup.Found) after.find(id)).session();
        assertThat(session.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(session.deliveredKwh()).isEqualTo(5.0);
        assertThat(session.endedAt()).isEqualTo(startedAt.plusSeconds(30));
        assertThat(after.load().loadKw()).isZero();
        assertThat(after.totals().sessionsCompleted()).isEqualTo(1);
        assertThat(after.totals().energyDeliveredKwh()).isEqualTo(5.0);
    }

    @Test
    void aStopThatArrivedBeforeItsStartStillRefusesThatStartAfterARestart() throws Exception {
        ChargingStation before = start();
        String late = newId();
        assertThat(before.stop(late)).isInstanceOf(SessionLookup.NotFound.class);
        crash();

        ChargingStation after = start();
        assertThat(after.admit(late, "EV-1", 11, 20)).isInstanceOf(Admission.Cancelled.class);
        assertThat(after.load().activeSessions()).isZero();
    }

    @Test
    void endedSessionsBeyondWhatMemoryHoldsAreReadFromTheDatabaseAndNeverAdmittedTwice() {
        ChargingStation station = start(ID, 2, true);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = newId();
            ids.add(id);
            station.admit(id, "EV-" + i, 10, 20);
            station.stop(id);
        }
        String oldest = ids.get(0);
        assertThat(((SessionLookup.Found) station.find(oldest)).session().status()).isEqualTo(SessionStatus.STOPPED);
        Admission repeat = station.admit(oldest, "EV-0", 10, 20);
        assertThat(repeat).isInstanceOf(Admission.Existing.class);
        assertThat(((Admission.Existing) repeat).session().status()).isEqualTo(SessionStatus.STOPPED);
        assertThat(station.load().activeSessions()).isZero();
        assertThat(station.totals().sessionsStarted()).isEqualTo(5);
    }

    @Test
    void aDatabaseKeepsTheSessionsOfOneSubstationOnly() throws Exception {
        start(ID, 10, true).admit(newId(), "EV-1", 10, 20);
        crash();
        // An operator copies substation-1's file to where substation-2 looks for its own.
        Files.copy(dataDir.resolve(ID + ".db"), dataDir.resolve("substation-2.db"));
        assertThatThrownBy(() -> start("substation-2", 10, true))
                .hasMessageContaining("substation-1")
                .hasMessageContaining("substation-2");
    }

    @Test
    void theHistoryIsPurgedAfterItsRetentionButChargingSessionsNeverAre() throws Exception {
        ChargingStation station = start();
        String ended = newId();
        String charging = newId();
        station.admit(ended, "EV-1", 10, 20);
        station.stop(ended);
        station.admit(charging, "EV-2", 10, 200);
        SqliteSessionStore store = (SqliteSessionStore) opened.get(1);
        store.purge(clock.instant().plusSeconds(1));
        crash();

        ChargingStation after = start();
        assertThat(after.find(ended)).isInstanceOf(SessionLookup.NotFound.class);
        assertThat(after.find(charging)).isInstanceOf(SessionLookup.Found.class);
    }

    @Test
    void concurrentAdmissionsShareCommits() throws Exception {
        ChargingStation station = start();
        int admissions = 400;
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            List<Future<Admission>> answers = new ArrayList<>();
            for (int i = 0; i < admissions; i++) {
                int n = i;
                answers.add(pool.submit(() -> station.admit(newId(), "EV-" + n, 0.1, 20)));
            }
            for (Future<Admission> answer : answers) {
                assertThat(answer.get()).isInstanceOf(Admission.Admitted.class);
            }
        }
        finally {
            pool.shutdownNow();
        }
        DistributionSummary batches = meters.get("substation.store.commit.changes").summary();
        assertThat(batches.totalAmount()).isEqualTo(admissions);
        assertThat(batches.count()).isLessThan(admissions);
        assertThat(batches.max()).isGreaterThan(1);
    }

    @Test
    void withDurabilityOffChangesAreStillKeptInOrder() throws Exception {
        ChargingStation before = start(ID, 10, false);
        String id = newId();
        before.admit(id, "EV-1", 10, 200);
        crash(); // a closed store writes what it queued: only a machine crash can lose the last changes

        ChargingStation after = start(ID, 10, false);
        assertThat(after.find(id)).isInstanceOf(SessionLookup.Found.class);
        assertThat(after.load().loadKw()).isEqualTo(10.0);
    }

    @Test
    void aStoreWrittenBeforeTheCeilingsRenameKeepsItsCountOfRefusalsAboveTheCeiling() throws Exception {
        try (HikariDataSource old = new HikariDataSource()) {
            old.setJdbcUrl("jdbc:sqlite:" + dataDir.resolve(ID + ".db").toAbsolutePath());
            Flyway.configure().dataSource(old).locations("classpath:db/substation").target("3").load().migrate();
            try (Connection connection = old.getConnection(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE station_totals SET admissions_outbid = 7, sessions_started = 3");
            }
        }

        ChargingStation station = start();

        assertThat(station.totals().admissionsAboveCeiling()).isEqualTo(7);
        assertThat(station.totals().sessionsStarted()).isEqualTo(3);
    }
}
