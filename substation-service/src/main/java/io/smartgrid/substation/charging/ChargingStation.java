package io.smartgrid.substation.charging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One substation: owns its capacity, admits sessions atomically and simulates their charging on a clock.
 *
 * <p>Every operation first completes the sessions whose energy is delivered by now, so answers are
 * always current; a periodic {@link #completeDue()} makes completions visible to readers of
 * {@link #lastLoad()} (the metrics) without any request arriving.
 *
 * <p>Every admission, stop and cancelled id goes to the station's {@link SessionStore} in the order it happened, and
 * {@link #admit}, {@link #find} and {@link #stop} answer only once what they answer about is durable. A station built
 * on a store recovers from it: the sessions that were charging charge on, and those whose energy would have been
 * delivered while the station was down complete at the instant they would have completed, with all their energy
 * (the cars stayed plugged in; only the process that watched them was gone). Completions need no wait: they follow
 * exactly from the admissions kept.
 *
 * <p>The load a station reports counts a session once its admission has been answered. Until then the balancer that
 * sent it holds a reservation for its power, so counting it here too, while the answer waits for its commit, would
 * count it twice: the busiest substation, with the most admissions waiting, would look fuller than it is and get too
 * few of a burst. Admission itself, and the capacity it guards, always count every session.
 *
 * <p>State is guarded by a {@link ReentrantLock} rather than {@code synchronized}, because on Java 21
 * a virtual thread blocked inside {@code synchronized} pins its carrier thread.
 */
public final class ChargingStation {

    /** Substation ids may not contain dots: the part of a session id before the first dot routes it. */
    public static final Pattern SUBSTATION_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    // Load is kept in whole micro-kW (milliwatts) so that adding and releasing any mix of powers
    // never drifts, and "load + power <= capacity" is decided exactly, even after millions of sessions.
    private static final double MICRO = 1_000_000.0;
    private static final double NANOS_PER_HOUR = 3_600_000_000_000.0;

    /**
     * Slack on a caller's utilisation ceiling: the caller computes it from reports in kW, this station from whole
     * micro-kW, so the same figure may differ in its last bits on the two sides.
     */
    private static final double CEILING_TOLERANCE = 1e-9;

    /** How many ended sessions a station backed by a database keeps in memory; older ones are read from the store. */
    static final int RECENT_ENDED_IN_MEMORY = 10_000;

    private static final Comparator<ActiveSession> BY_COMPLETION =
            Comparator.comparing(ActiveSession::completesAt).thenComparingLong(ActiveSession::sequence);

    private final String substationId;
    private final double capacityKw;
    private final long capacityMicroKw;
    private final double clockSpeed;
    private final Clock clock;
    private final SessionStore store;
    private final int historyLimit;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ActiveSession> active = new HashMap<>();
    // Ordered by completion instant: a priority queue that also removes a stopped session in O(log n).
    private final NavigableSet<ActiveSession> byCompletion = new TreeSet<>(BY_COMPLETION);
    /** Recently ended sessions, oldest first; one leaves memory only once the store has written it. */
    private final Map<String, Kept> ended = new LinkedHashMap<>();
    /**
     * Ids stopped before their start arrived: a balancer that gave up on a start sends a stop for its id, and the
     * start may still be queued here. Remembering the id refuses that late start, so it never charges unowned.
     */
    private final Set<String> cancelled;
    /** Admitted sessions whose answer has not gone out yet, with their power: not yet in the reported load. */
    private final Map<String, Long> unanswered = new HashMap<>();

    private long loadMicroKw;
    private long unansweredMicroKw;
    private long version;
    private long sequence;
    private long sessionsStarted;
    private long sessionsCompleted;
    private long sessionsStopped;
    private long admissionsRejected;
    private long admissionsOutbid;
    private long lastAppended;
    private double endedEnergyKwh;
    private double reportedEnergyKwh;
    private boolean draining;
    private volatile LoadReport lastLoad;

    /**
     * A station that keeps everything in memory only: nothing survives it.
     *
     * @param clockSpeed simulated seconds per real second
     * @param historyLimit how many ended sessions stay available for lookups (the most recent ones)
     */
    public ChargingStation(String substationId, double capacityKw, double clockSpeed, int historyLimit, Clock clock) {
        this(substationId, capacityKw, clockSpeed, historyLimit, clock, SessionStore.NONE);
    }

    /**
     * A station that keeps its sessions in {@code store}, and starts from what the store kept.
     *
     * @param historyLimit how many ended sessions stay in memory; with a store that keeps them, older ones are read
     *     from it
     */
    ChargingStation(String substationId, double capacityKw, double clockSpeed, int historyLimit, Clock clock,
            SessionStore store) {
        Objects.requireNonNull(substationId, "substationId");
        if (!SUBSTATION_ID.matcher(substationId).matches()) {
            throw new IllegalArgumentException("Substation id '" + substationId + "' must match " + SUBSTATION_ID
                    + " (lower-case letters, digits and dashes, at most 32, no dots)");
        }
        if (!(capacityKw > 0) || Double.isInfinite(capacityKw)) {
            throw new IllegalArgumentException("capacityKw must be a positive number, was " + capacityKw);
        }
        if (!(clockSpeed > 0) || Double.isInfinite(clockSpeed)) {
            throw new IllegalArgumentException("clockSpeed must be a positive number, was " + clockSpeed);
        }
        if (historyLimit < 1) {
            throw new IllegalArgumentException("historyLimit must be at least 1, was " + historyLimit);
        }
        this.substationId = substationId;
        this.capacityKw = capacityKw;
        this.capacityMicroKw = Math.round(capacityKw * MICRO);
        this.clockSpeed = clockSpeed;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = Objects.requireNonNull(store, "store");
        this.historyLimit = historyLimit;
        this.cancelled = Collections.newSetFromMap(new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > historyLimit;
            }
        });
        recover(store.recover());
    }

    private void recover(SessionStore.Recovered recovered) {
        lock.lock();
        try {
            for (ActiveSession session : recovered.charging()) {
                active.put(session.sessionId(), session);
                byCompletion.add(session);
                loadMicroKw += session.powerMicroKw();
            }
            cancelled.addAll(recovered.cancelledIds());
            StationTotals totals = recovered.totals();
            sessionsStarted = totals.sessionsStarted();
            sessionsCompleted = totals.sessionsCompleted();
            sessionsStopped = totals.sessionsStopped();
            admissionsRejected = totals.admissionsRejected();
            admissionsOutbid = totals.admissionsOutbid();
            endedEnergyKwh = totals.energyDeliveredKwh();
            reportedEnergyKwh = endedEnergyKwh;
            sequence = recovered.nextSequence();
            Instant now = clock.instant();
            // Starting from the wall clock keeps versions growing across restarts of the substation.
            this.version = epochMicros(now);
            completeDue(now);
            this.lastLoad = report(now);
        }
        finally {
            lock.unlock();
        }
        store.awaitDurable(lastAppended);
    }

    public String substationId() {
        return substationId;
    }

    public double capacityKw() {
        return capacityKw;
    }

    /**
     * Admits a session if its power fits under the capacity, atomically with respect to every other call.
     *
     * @param powerKw drawn for the whole session
     * @param energyKwh the session completes when this much is delivered
     */
    public Admission admit(String vehicleId, double powerKw, double energyKwh) {
        return admit(null, vehicleId, powerKw, energyKwh);
    }

    /**
     * Admits a session under the id the caller chose, so that a caller who never saw the answer can retry, or take
     * the session back, by that id. A session that already has this id, charging or in the history, is answered
     * again as {@link Admission.Existing}: however often the request arrives, it admits at most once.
     *
     * @param sessionId {@code <substationId>.<uuid>} of this station (see {@link #ownsSessionId}), or {@code null}
     *     for a fresh random one
     */
    public Admission admit(String sessionId, String vehicleId, double powerKw, double energyKwh) {
        return admit(sessionId, vehicleId, powerKw, energyKwh, Double.POSITIVE_INFINITY);
    }

    /**
     * Admits a session as {@link #admit(String, String, double, double)} does, and only if the utilisation right
     * after it stays at most {@code maxUtilization}: a balancer sends the utilisation its next-best substation would
     * reach, so that a substation that is no longer the least loaded (another balancer filled it meanwhile) refuses
     * with {@link Admission.Outbid} instead of admitting. Decided in the same step as the capacity check, so no other
     * admission can come between; a repeat of an admitted id is answered whatever the ceiling.
     *
     * @param maxUtilization the ceiling, above 0; {@link Double#POSITIVE_INFINITY} for none
     */
    public Admission admit(String sessionId, String vehicleId, double powerKw, double energyKwh,
            double maxUtilization) {
        Objects.requireNonNull(vehicleId, "vehicleId");
        if (sessionId != null && !ownsSessionId(sessionId)) {
            throw new IllegalArgumentException("sessionId must be '" + substationId + ".<uuid>', was " + sessionId);
        }
        long powerMicroKw = Double.isFinite(powerKw) ? Math.round(powerKw * MICRO) : 0;
        if (powerMicroKw <= 0) {
            throw new IllegalArgumentException("powerKw must be a positive number, was " + powerKw);
        }
        if (!(energyKwh > 0) || Double.isInfinite(energyKwh)) {
            throw new IllegalArgumentException("energyKwh must be a positive number, was " + energyKwh);
        }
        if (!(maxUtilization > 0)) {
            throw new IllegalArgumentException("maxUtilization must be a positive number, was " + maxUtilization);
        }
        // The id is random, so it is made outside the lock to keep the critical section short.
        String id = sessionId != null ? sessionId : substationId + "." + UUID.randomUUID();
        Admission decided = null;
        try {
            decided = kept(() -> decide(id, sessionId, vehicleId, powerKw, powerMicroKw, energyKwh, maxUtilization));
        }
        finally {
            if (decided == null || decided instanceof Admission.Admitted) {
                // Answered, or failed to be: from now on the reported load counts it.
                decided = answered(id, decided);
            }
        }
        return decided;
    }

    private Admission decide(String id, String sessionId, String vehicleId, double powerKw, long powerMicroKw,
            double energyKwh, double maxUtilization) {
        Instant now = clock.instant();
        completeDue(now);
        // Checked before draining or capacity: a repeat of an admitted request is answered, never refused.
        ActiveSession existing = active.get(id);
        if (existing != null) {
            return new Admission.Existing(charging(existing, now), report(now));
        }
        // A fresh random id cannot have ended; a caller's may have, even long ago (then it is in the store).
        Session done = sessionId != null ? endedSession(id) : null;
        if (done != null) {
            return new Admission.Existing(done, report(now));
        }
        if (cancelled.contains(id)) {
            return new Admission.Cancelled(report(now));
        }
        if (draining || !store.healthy()) {
            return new Admission.Draining(report(now));
        }
        if (loadMicroKw + powerMicroKw > capacityMicroKw) {
            admissionsRejected++;
            return new Admission.Full(powerKw, report(now));
        }
        if ((loadMicroKw + powerMicroKw) / (double) capacityMicroKw > maxUtilization + CEILING_TOLERANCE) {
            admissionsOutbid++;
            return new Admission.Outbid(powerKw, maxUtilization, report(now));
        }
        ActiveSession session = new ActiveSession(id, vehicleId, powerKw, powerMicroKw, energyKwh, now,
                now.plusNanos(realNanosToDeliver(powerKw, energyKwh)), sequence++);
        active.put(id, session);
        byCompletion.add(session);
        loadMicroKw += powerMicroKw;
        unanswered.put(id, powerMicroKw);
        unansweredMicroKw += powerMicroKw;
        sessionsStarted++;
        append(new SessionStore.Change.Started(session, keptTotals()));
        // The reported load is as it was until the answer goes out: see answered().
        return new Admission.Admitted(charging(session, now), null);
    }

    /**
     * Counts an admitted session in the reported load, now that its answer goes out (or its commit failed), and
     * answers with that load.
     *
     * @param decided the admission, or {@code null} when deciding or committing it failed
     */
    private Admission answered(String id, Admission decided) {
        lock.lock();
        try {
            Long powerMicroKw = unanswered.remove(id);
            if (powerMicroKw != null) {
                unansweredMicroKw -= powerMicroKw;
                changed(clock.instant());
            }
            return decided instanceof Admission.Admitted admitted
                    ? new Admission.Admitted(admitted.session(), lastLoad) : null;
        }
        finally {
            lock.unlock();
        }
    }

    /** Whether {@code sessionId} is one this station could have made: {@code <substationId>.<uuid>}. */
    public boolean ownsSessionId(String sessionId) {
        return sessionId != null && sessionId.length() == substationId.length() + 1 + 36
                && sessionId.startsWith(substationId) && sessionId.charAt(substationId.length()) == '.'
                && UUID_TEXT.matcher(sessionId).region(substationId.length() + 1, sessionId.length()).matches();
    }

    /** The session as it is now, charging or ended. */
    public SessionLookup find(String sessionId) {
        return kept(() -> {
            Instant now = clock.instant();
            completeDue(now);
            ActiveSession session = active.get(sessionId);
            if (session != null) {
                return new SessionLookup.Found(charging(session, now), report(now));
            }
            Session done = endedSession(sessionId);
            return done != null ? new SessionLookup.Found(done, report(now)) : new SessionLookup.NotFound(report(now));
        });
    }

    /**
     * Stops a charging session, freezing what it delivered and releasing its power. Stopping a session
     * that has already ended answers that session unchanged, so a retried stop is harmless.
     */
    public SessionLookup stop(String sessionId) {
        return kept(() -> {
            Instant now = clock.instant();
            completeDue(now);
            ActiveSession session = active.remove(sessionId);
            if (session == null) {
                Session done = endedSession(sessionId);
                if (done != null) {
                    return new SessionLookup.Found(done, report(now));
                }
                if (ownsSessionId(sessionId) && cancelled.add(sessionId)) {
                    append(new SessionStore.Change.Cancelled(sessionId, now, keptTotals()));
                }
                return new SessionLookup.NotFound(report(now));
            }
            byCompletion.remove(session);
            double delivered = delivered(session, now);
            Session stopped = session.toSession(substationId, delivered, SessionStatus.STOPPED, now);
            sessionsStopped++;
            end(stopped, session);
            changed(now);
            return new SessionLookup.Found(stopped, lastLoad);
        });
    }

    /**
     * Runs {@code decision} under the lock, then waits, outside it, until every change it made (and every change
     * before them) is durable: the answer acknowledges nothing that a crash could take back.
     */
    private <T> T kept(Supplier<T> decision) {
        T answer;
        long mustBeDurable;
        lock.lock();
        try {
            answer = decision.get();
            mustBeDurable = lastAppended;
        }
        finally {
            lock.unlock();
        }
        store.awaitDurable(mustBeDurable);
        return answer;
    }

    private void append(SessionStore.Change change) {
        lastAppended = store.append(change);
    }

    /** The totals the store keeps with each change: only ended sessions count in its energy. */
    private StationTotals keptTotals() {
        return new StationTotals(sessionsStarted, sessionsCompleted, sessionsStopped, admissionsRejected,
                admissionsOutbid, endedEnergyKwh);
    }

    private Session endedSession(String sessionId) {
        Kept recent = ended.get(sessionId);
        if (recent != null) {
            return recent.session();
        }
        return store.findEnded(sessionId).orElse(null);
    }

    /**
     * Stops admitting sessions; those charging run on until they complete or are stopped. The load report says so,
     * and its version moves, so that every balancer learns it from its next reading.
     *
     * @return the load right after
     */
    public LoadReport drain() {
        return setDraining(true);
    }

    /** Admits sessions again after {@link #drain()}. */
    public LoadReport resume() {
        return setDraining(false);
    }

    /** Whether the station is draining: admitting nothing new. */
    public boolean draining() {
        lock.lock();
        try {
            return draining;
        }
        finally {
            lock.unlock();
        }
    }

    private LoadReport setDraining(boolean value) {
        lock.lock();
        try {
            Instant now = clock.instant();
            completeDue(now);
            if (draining != value) {
                draining = value;
                changed(now);
            }
            return report(now);
        }
        finally {
            lock.unlock();
        }
    }

    /** The load now. */
    public LoadReport load() {
        lock.lock();
        try {
            Instant now = clock.instant();
            completeDue(now);
            return report(now);
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * The load as of the last change, read without locking. Completions show here once
     * {@link #completeDue()} or any other operation has run after them.
     */
    public LoadReport lastLoad() {
        return lastLoad;
    }

    /** Lifecycle totals now. */
    public StationTotals totals() {
        lock.lock();
        try {
            Instant now = clock.instant();
            completeDue(now);
            double energy = endedEnergyKwh;
            for (ActiveSession session : active.values()) {
                energy += delivered(session, now);
            }
            // Floating-point sums in a different order could dip by an ulp; a total must never go down.
            reportedEnergyKwh = Math.max(reportedEnergyKwh, energy);
            return new StationTotals(sessionsStarted, sessionsCompleted, sessionsStopped, admissionsRejected,
                    admissionsOutbid, reportedEnergyKwh);
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Completes every session whose energy is delivered by now and releases its power.
     *
     * @return how many sessions completed
     */
    public int completeDue() {
        lock.lock();
        try {
            return completeDue(clock.instant());
        }
        finally {
            lock.unlock();
        }
    }

    private int completeDue(Instant now) {
        int completed = 0;
        while (!byCompletion.isEmpty() && !byCompletion.first().completesAt().isAfter(now)) {
            ActiveSession session = byCompletion.pollFirst();
            active.remove(session.sessionId());
            sessionsCompleted++;
            // Ended at its own completion instant, not at the (later) moment someone noticed.
            end(session.toSession(substationId, session.energyKwh(), SessionStatus.COMPLETED, session.completesAt()),
                    session);
            completed++;
        }
        if (completed > 0) {
            changed(now);
        }
        return completed;
    }

    private void end(Session session, ActiveSession charging) {
        loadMicroKw -= charging.powerMicroKw();
        if (unanswered.remove(charging.sessionId()) != null) {
            unansweredMicroKw -= charging.powerMicroKw();
        }
        endedEnergyKwh += session.deliveredKwh();
        append(new SessionStore.Change.Ended(session, keptTotals()));
        ended.put(session.sessionId(), new Kept(session, lastAppended));
        Iterator<Kept> oldest = ended.values().iterator();
        while (ended.size() > historyLimit && oldest.hasNext()) {
            if (!store.written(oldest.next().sequence())) {
                break;
            }
            oldest.remove();
        }
    }

    /** An ended session, and the place of its end among the store's changes. */
    private record Kept(Session session, long sequence) {
    }

    private void changed(Instant now) {
        version = Math.max(version + 1, epochMicros(now));
        lastLoad = report(now);
    }

    private LoadReport report(Instant now) {
        return new LoadReport(substationId, capacityKw, (loadMicroKw - unansweredMicroKw) / MICRO,
                active.size() - unanswered.size(), version, now,
                draining || !store.healthy());
    }

    private Session charging(ActiveSession session, Instant now) {
        return session.toSession(substationId, delivered(session, now), SessionStatus.CHARGING, null);
    }

    private double delivered(ActiveSession session, Instant now) {
        long elapsedNanos = Math.max(0, Duration.between(session.startedAt(), now).toNanos());
        double simulatedHours = elapsedNanos * clockSpeed / NANOS_PER_HOUR;
        return Math.min(session.energyKwh(), session.powerKw() * simulatedHours);
    }

    private long realNanosToDeliver(double powerKw, double energyKwh) {
        // Rounded up, so that at the completion instant the delivered energy has reached the full amount.
        return (long) Math.ceil(energyKwh / powerKw * NANOS_PER_HOUR / clockSpeed);
    }

    private static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }
}
