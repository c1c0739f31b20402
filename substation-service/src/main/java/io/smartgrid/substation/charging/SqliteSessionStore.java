package io.smartgrid.substation.charging;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps a station's sessions in its SQLite database, written by one thread that commits all the changes waiting at
 * that moment in one transaction: one sync of the write-ahead log for a whole group of admissions.
 *
 * <p>Durable (the default), an admission is acknowledged only after its commit, and a commit that holds anything an
 * answer waits for is synced ({@code synchronous=FULL}). A commit of completions alone is not synced
 * ({@code NORMAL}): no answer waits for it, a recovered station derives those completions again exactly, and in WAL
 * mode the next synced commit makes it durable too. With durability turned off, the same
 * changes are written in the same order, but the station answers without waiting and SQLite does not sync, so a
 * crash of the machine (not of the process alone) may lose the last changes.
 *
 * <p>A batch that cannot be written is tried again, with a growing pause, until it is: the station meanwhile admits
 * nothing ({@link #healthy()}), and its callers waiting for that batch get {@link StorageUnavailableException} once
 * {@code commitTimeout} has passed.
 */
final class SqliteSessionStore implements SessionStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SqliteSessionStore.class);

    private static final Duration FIRST_RETRY = Duration.ofMillis(50);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);

    /** Reads, over the pool. */
    private final JdbcClient jdbc;
    /** The writer's own connection, held for its lifetime: it sets how each commit is synced, before the commit. */
    private final SingleConnectionDataSource writerConnection;
    private final JdbcClient writes;
    private final TransactionTemplate transactions;
    private final String substationId;
    private final boolean durable;
    private final long commitTimeoutNanos;
    private final int cancelledToRecover;
    private final Timer commits;
    private final DistributionSummary batchSizes;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition written = lock.newCondition();
    private List<Change> queue = new ArrayList<>();
    private long appended;
    private Instant purgeBefore;
    private boolean closed;
    /** The sync level last set on the writer's connection; only the writer thread reads or sets it. */
    private String syncLevel;
    private volatile long committed;
    private volatile boolean healthy = true;
    private final Thread writer;

    /**
     * @param durable whether an acknowledgement waits for the commit, and SQLite syncs at every commit
     * @param commitTimeout how long a caller waits for its commit before the station answers that it cannot keep it
     * @param cancelledToRecover how many of the most recently cancelled ids a starting station remembers
     */
    SqliteSessionStore(DataSource database, String substationId, boolean durable, Duration commitTimeout,
            int cancelledToRecover, MeterRegistry meters) {
        this.jdbc = JdbcClient.create(database);
        try {
            this.writerConnection = new SingleConnectionDataSource(database.getConnection(), true);
        }
        catch (SQLException e) {
            throw new IllegalStateException("Cannot open the database of substation " + substationId, e);
        }
        this.writes = JdbcClient.create(writerConnection);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(writerConnection));
        this.substationId = substationId;
        this.durable = durable;
        this.commitTimeoutNanos = commitTimeout.toNanos();
        this.cancelledToRecover = cancelledToRecover;
        this.commits = Timer.builder("substation.store.commit")
                .description("Time to write and commit one group of changes to the substation's database")
                .tag("substation", substationId)
                .register(meters);
        this.batchSizes = DistributionSummary.builder("substation.store.commit.changes")
                .description("Changes written by one commit (group commit)")
                .tag("substation", substationId)
                .register(meters);
        this.writer = new Thread(this::writeLoop, "store-writer-" + substationId);
        this.writer.setDaemon(true);
    }

    @Override
    public Recovered recover() {
        claim();
        List<Charging> charging = jdbc.sql("""
                SELECT session_id, vehicle_id, power_kw, power_micro_kw, min_power_micro_kw, energy_kwh, departure_at,
                       started_at, sequence, allocated_micro_kw, segment_start, segment_work
                FROM charging_session WHERE status = 'CHARGING' ORDER BY sequence""")
                .query((row, n) -> {
                    long max = row.getLong(4);
                    // A session kept before power sharing asked for its whole power as its minimum, as admission
                    // then required.
                    long min = row.getObject(5) != null ? row.getLong(5) : max;
                    ActiveSession session = new ActiveSession(row.getString(1), row.getString(2), row.getDouble(3),
                            max, min, row.getDouble(6), row.getObject(7) != null ? instant(row.getLong(7)) : null,
                            instant(row.getLong(8)), row.getLong(9));
                    Segment segment = row.getObject(10) == null ? null
                            : new Segment(session.sessionId(), row.getLong(10), instant(row.getLong(11)),
                                    new BigInteger(row.getString(12)));
                    return new Charging(session, segment);
                })
                .list();
        List<String> cancelled = jdbc.sql("SELECT session_id FROM cancelled_session ORDER BY cancelled_at DESC LIMIT ?")
                .param(cancelledToRecover)
                .query(String.class)
                .list();
        cancelled = new ArrayList<>(cancelled);
        Collections.reverse(cancelled);
        StationTotals totals = jdbc.sql("""
                SELECT sessions_started, sessions_completed, sessions_stopped, admissions_rejected,
                       admissions_above_ceiling, ended_energy_kwh
                FROM station_totals WHERE id = 1""")
                .query((row, n) -> new StationTotals(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4),
                        row.getLong(5), row.getDouble(6)))
                .single();
        List<WaitingSession> waiting = jdbc.sql("""
                SELECT session_id, vehicle_id, power_kw, power_micro_kw, min_power_micro_kw, energy_kwh, departure_at,
                       queued_at, leaves_at, sequence
                FROM waiting_session WHERE status = 'WAITING' ORDER BY sequence""")
                .query((row, n) -> new WaitingSession(row.getString(1), row.getString(2), row.getDouble(3),
                        row.getLong(4), row.getLong(5), row.getDouble(6),
                        row.getObject(7) != null ? instant(row.getLong(7)) : null, instant(row.getLong(8)),
                        instant(row.getLong(9)), row.getLong(10)))
                .list();
        long nextSequence = jdbc.sql("""
                SELECT MAX(COALESCE((SELECT MAX(sequence) + 1 FROM charging_session), 0),
                           COALESCE((SELECT MAX(sequence) + 1 FROM waiting_session), 0))""")
                .query(Long.class)
                .single();
        // One empty transaction on the writer's connection before serving: the first admission then does not pay for
        // loading the transaction path, which would make a freshly started substation slow to its first callers.
        transactions.executeWithoutResult(status -> writes.sql("SELECT 1").query(Integer.class).single());
        writer.start();
        Instant allocatedAt = jdbc.sql("SELECT allocated_at FROM station_allocation WHERE id = 1")
                .query((row, n) -> row.getObject(1) != null ? instant(row.getLong(1)) : null)
                .optional().orElse(null);
        return new Recovered(charging, cancelled, totals, nextSequence, allocatedAt, waiting);
    }

    /** A data directory belongs to one substation: another one's sessions are never taken over by mistake. */
    private void claim() {
        Optional<String> owner = jdbc.sql("SELECT substation_id FROM station WHERE id = 1").query(String.class)
                .optional();
        if (owner.isEmpty()) {
            jdbc.sql("INSERT INTO station (id, substation_id) VALUES (1, ?)").param(substationId).update();
        }
        else if (!owner.get().equals(substationId)) {
            throw new IllegalStateException("This database holds the sessions of substation '" + owner.get()
                    + "', not of '" + substationId + "': give each substation a data directory or file of its own");
        }
    }

    @Override
    public long append(Change change) {
        lock.lock();
        try {
            if (closed) {
                throw new StorageUnavailableException("The store of substation " + substationId + " is closed", null);
            }
            queue.add(change);
            appended++;
            work.signal();
            return appended;
        }
        finally {
            lock.unlock();
        }
    }

    @Override
    public void awaitDurable(long sequence) {
        if (!durable || committed >= sequence) {
            return;
        }
        lock.lock();
        try {
            long remaining = commitTimeoutNanos;
            while (committed < sequence) {
                if (remaining <= 0) {
                    throw new StorageUnavailableException(
                            "Substation " + substationId + " could not commit its sessions in time", null);
                }
                remaining = written.awaitNanos(remaining);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("Interrupted while waiting for a commit", e);
        }
        finally {
            lock.unlock();
        }
    }

    @Override
    public boolean written(long sequence) {
        return committed >= sequence;
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    @Override
    public Optional<Session> findEnded(String sessionId) {
        return jdbc.sql("""
                SELECT vehicle_id, power_kw, energy_kwh, delivered_kwh, status, started_at, ended_at,
                       power_micro_kw, min_power_micro_kw, departure_at
                FROM charging_session WHERE session_id = ? AND status <> 'CHARGING'""")
                .param(sessionId)
                .query((row, n) -> new Session(sessionId, row.getString(1), substationId, row.getDouble(2),
                        row.getDouble(3), row.getDouble(4), SessionStatus.valueOf(row.getString(5)),
                        instant(row.getLong(6)), instant(row.getLong(7)),
                        (row.getObject(9) != null ? row.getLong(9) : row.getLong(8)) / 1_000_000.0,
                        row.getObject(10) != null ? instant(row.getLong(10)) : null, 0, null))
                .optional()
                .or(() -> findLeftWaitlist(sessionId));
    }

    /** A session that left the waitlist without starting: stopped, nothing delivered, never started. */
    private Optional<Session> findLeftWaitlist(String sessionId) {
        return jdbc.sql("""
                SELECT vehicle_id, power_kw, energy_kwh, ended_at, min_power_micro_kw, departure_at
                FROM waiting_session WHERE session_id = ? AND status = 'STOPPED'""")
                .param(sessionId)
                .query((row, n) -> new Session(sessionId, row.getString(1), substationId, row.getDouble(2),
                        row.getDouble(3), 0, SessionStatus.STOPPED, null, instant(row.getLong(4)),
                        row.getLong(5) / 1_000_000.0, row.getObject(6) != null ? instant(row.getLong(6)) : null, 0,
                        null))
                .optional();
    }

    /** Deletes, with the next commit, the sessions that ended and the ids cancelled before {@code before}. */
    void purge(Instant before) {
        lock.lock();
        try {
            purgeBefore = before;
            work.signal();
        }
        finally {
            lock.unlock();
        }
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() throws InterruptedException {
        lock.lock();
        try {
            closed = true;
            work.signal();
        }
        finally {
            lock.unlock();
        }
        if (writer.isAlive()) {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
        writerConnection.destroy();
    }

    private void writeLoop() {
        while (true) {
            List<Change> batch;
            long last;
            Instant purge;
            lock.lock();
            try {
                while (queue.isEmpty() && purgeBefore == null && !closed) {
                    work.awaitUninterruptibly();
                }
                if (queue.isEmpty() && purgeBefore == null) {
                    return;
                }
                batch = queue;
                queue = new ArrayList<>();
                last = appended;
                purge = purgeBefore;
                purgeBefore = null;
            }
            finally {
                lock.unlock();
            }
            if (!writeUntilDone(batch, purge)) {
                return;
            }
            lock.lock();
            try {
                committed = last;
                written.signalAll();
            }
            finally {
                lock.unlock();
            }
        }
    }

    private boolean writeUntilDone(List<Change> batch, Instant purge) {
        Duration pause = FIRST_RETRY;
        while (true) {
            long start = System.nanoTime();
            try {
                if (durable) {
                    syncAs(batch.stream().anyMatch(Change::acknowledged) ? "FULL" : "NORMAL");
                }
                transactions.executeWithoutResult(status -> write(batch, purge));
                commits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                batchSizes.record(batch.size());
                if (!healthy) {
                    log.info("Substation {} writes its sessions again", substationId);
                    healthy = true;
                }
                return true;
            }
            catch (RuntimeException e) {
                if (healthy) {
                    log.error("Substation {} cannot write its sessions; it admits nothing until it can", substationId,
                            e);
                    healthy = false;
                }
                if (closedWhileFailing()) {
                    log.error("Substation {} stopped with {} changes it could not write", substationId, batch.size());
                    return false;
                }
                try {
                    Thread.sleep(pause.toMillis());
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                pause = pause.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : pause.multipliedBy(2);
            }
        }
    }

    /** Sets how the next commit is synced; SQLite refuses that inside a transaction, so it is done before one. */
    private void syncAs(String level) {
        if (!level.equals(syncLevel)) {
            writes.sql("PRAGMA synchronous = " + level).update();
            syncLevel = level;
        }
    }

    private boolean closedWhileFailing() {
        lock.lock();
        try {
            return closed;
        }
        finally {
            lock.unlock();
        }
    }

    private void write(List<Change> batch, Instant purge) {
        // Only the last power of each session in the batch, and the last allocation's instant, need writing: while
        // power is short every admission changes every session's power, and a group of them would otherwise write
        // each session once per admission.
        Map<String, Segment> segments = new LinkedHashMap<>();
        Instant allocatedAt = null;
        for (Change change : batch) {
            if (change instanceof Change.Started started) {
                ActiveSession s = started.session();
                writes.sql("""
                        INSERT INTO charging_session (session_id, vehicle_id, power_kw, power_micro_kw, energy_kwh,
                                                      started_at, completes_at, sequence, status, min_power_micro_kw,
                                                      departure_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'CHARGING', ?, ?)""")
                        .params(s.sessionId(), s.vehicleId(), s.powerKw(), s.maxMicroKw(), s.energyKwh(),
                                nanos(s.startedAt()), nanos(s.startedAt()), s.sequence(), s.minMicroKw(),
                                s.departureAt() != null ? nanos(s.departureAt()) : null)
                        .update();
                // A session that waited leaves the waitlist by starting.
                writes.sql("DELETE FROM waiting_session WHERE session_id = ?").param(s.sessionId()).update();
            }
            else if (change instanceof Change.Queued queued) {
                WaitingSession w = queued.session();
                writes.sql("""
                        INSERT INTO waiting_session (session_id, vehicle_id, power_kw, power_micro_kw,
                                                     min_power_micro_kw, energy_kwh, departure_at, queued_at,
                                                     leaves_at, sequence, status)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'WAITING')""")
                        .params(w.sessionId(), w.vehicleId(), w.powerKw(), w.maxMicroKw(), w.minMicroKw(),
                                w.energyKwh(), w.departureAt() != null ? nanos(w.departureAt()) : null,
                                nanos(w.queuedAt()), nanos(w.leavesAt()), w.sequence())
                        .update();
            }
            else if (change instanceof Change.LeftWaitlist left) {
                for (Session s : left.sessions()) {
                    writes.sql("UPDATE waiting_session SET status = 'STOPPED', ended_at = ? WHERE session_id = ?")
                            .params(nanos(s.endedAt()), s.sessionId())
                            .update();
                }
            }
            else if (change instanceof Change.Ended ended) {
                for (Session s : ended.sessions()) {
                    writes.sql("""
                            UPDATE charging_session SET status = ?, delivered_kwh = ?, ended_at = ?, completes_at = ?
                            WHERE session_id = ?""")
                            .params(s.status().name(), s.deliveredKwh(), nanos(s.endedAt()), nanos(s.endedAt()),
                                    s.sessionId())
                            .update();
                }
            }
            else if (change instanceof Change.Cancelled cancelled) {
                writes.sql("""
                        INSERT INTO cancelled_session (session_id, cancelled_at) VALUES (?, ?)
                        ON CONFLICT (session_id) DO NOTHING""")
                        .params(cancelled.sessionId(), nanos(cancelled.at()))
                        .update();
            }
            if (change.allocated() != null) {
                for (Segment segment : change.allocated().changed()) {
                    segments.put(segment.sessionId(), segment);
                }
                allocatedAt = change.allocated().at();
            }
        }
        if (allocatedAt != null) {
            writeAllocation(segments.values(), allocatedAt);
        }
        if (!batch.isEmpty()) {
            StationTotals t = batch.get(batch.size() - 1).totals();
            writes.sql("""
                    UPDATE station_totals SET sessions_started = ?, sessions_completed = ?, sessions_stopped = ?,
                           admissions_rejected = ?, admissions_above_ceiling = ?, ended_energy_kwh = ?
                    WHERE id = 1""")
                    .params(t.sessionsStarted(), t.sessionsCompleted(), t.sessionsStopped(), t.admissionsRejected(),
                            t.admissionsAboveCeiling(), t.energyDeliveredKwh())
                    .update();
        }
        if (purge != null) {
            int sessions = writes.sql("DELETE FROM charging_session WHERE ended_at < ?").param(nanos(purge)).update()
                    + writes.sql("DELETE FROM waiting_session WHERE ended_at < ?").param(nanos(purge)).update();
            int cancelled = writes.sql("DELETE FROM cancelled_session WHERE cancelled_at < ?").param(nanos(purge))
                    .update();
            if (sessions + cancelled > 0) {
                log.debug("Substation {} purged {} ended sessions and {} cancelled ids older than {}", substationId,
                        sessions, cancelled, purge);
            }
        }
    }

    /** The powers the allocations of a batch changed (the last of each session), and the last one's instant. */
    private void writeAllocation(Collection<Segment> changed, Instant at) {
        for (Segment segment : changed) {
            writes.sql("""
                    UPDATE charging_session SET allocated_micro_kw = ?, segment_start = ?, segment_work = ?
                    WHERE session_id = ?""")
                    .params(segment.allocatedMicroKw(), nanos(segment.since()), segment.work().toString(),
                            segment.sessionId())
                    .update();
        }
        writes.sql("UPDATE station_allocation SET allocated_at = ? WHERE id = 1").param(nanos(at)).update();
    }

    static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }
}
