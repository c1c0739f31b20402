package io.smartgrid.substation.charging;

import io.smartgrid.substation.allocation.Allocation;
import io.smartgrid.substation.allocation.AllocationPolicy;
import io.smartgrid.substation.allocation.ChargingDemand;
import io.smartgrid.substation.allocation.PowerAllocator;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One substation: owns its capacity, admits sessions atomically, divides its capacity among them and simulates their
 * charging on a clock.
 *
 * <p><b>Sharing.</b> A session asks for a maximum power, a minimum (the least it can charge at) and, optionally, a
 * departure. It is admitted when the minimums of all sessions, its own included, fit in the capacity. The capacity is
 * divided by {@link PowerAllocator} under the station's {@link AllocationPolicy}: again at every admission, stop and
 * completion, and under least laxity when the order of the sessions changes on its own
 * ({@link PowerAllocator#nextReorder}, at most once a simulated minute). Between two allocations every session draws
 * a constant power, so its energy is that power times the simulated time, in whole micro-kW times whole simulated
 * nanoseconds: exact, and its completion instant follows from it. While the maximums fit, every session draws its
 * maximum, as before sharing.
 *
 * <p>Every operation first plays out what happened since the last one (completions and reallocations, each at its own
 * instant, in order), so answers are always current; a periodic {@link #completeDue()} makes them visible to readers
 * of {@link #lastLoad()} (the metrics) without any request arriving.
 *
 * <p>Every admission, stop and cancelled id goes to the station's {@link SessionStore} in the order it happened, and
 * {@link #admit}, {@link #find} and {@link #stop} answer only once what they answer about is durable. A station built
 * on a store recovers from it: the sessions that were charging charge on, and those whose energy would have been
 * delivered while the station was down complete at the instant they would have completed, with all their energy
 * (the cars stayed plugged in; only the process that watched them was gone). Completions need no wait: they follow
 * exactly from the admissions kept. Each change carries the allocation right after it, so a recovered station
 * allocates again from the last allocation kept, exactly as the running one did, and over the time it was down too:
 * the energy a session took meanwhile follows the allocation recomputed over that time.
 *
 * <p>The load a station reports counts a session once its admission has been answered. Until then the balancer that
 * sent it holds a reservation for its power, so counting it here too, while the answer waits for its commit, would
 * count it twice: the busiest substation, with the most admissions waiting, would look fuller than it is and get too
 * few of a burst. Admission itself, and the capacity it guards, always count every session.
 *
 * <p><b>Waitlist.</b> A caller may ask a session to wait rather than be refused when its minimum does not fit. It then
 * joins the station's waitlist ({@link Admission.Queued}), bounded by {@link SubstationProperties.Waitlist}, kept in the
 * store like an admission, and starts by itself once its minimum fits: at every stop, completion and reallocation, the
 * waiting sessions are started in order while the first one's minimum fits. The order is arrival under max-min, and
 * least laxity first (then arrival) under least laxity; nobody overtakes the first, so it never starves, and no new
 * session is admitted past a waitlist that is not empty. A waiting session that reaches its maximum wait or its
 * departure leaves the list, {@code STOPPED} with nothing delivered, as does one its client cancels.
 *
 * <p>State is guarded by a {@link ReentrantLock} rather than {@code synchronized}, because on Java 21
 * a virtual thread blocked inside {@code synchronized} pins its carrier thread.
 */
public final class ChargingStation {

    /** Substation ids may not contain dots: the part of a session id before the first dot routes it. */
    static final Pattern SUBSTATION_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    // Power is kept in whole micro-kW (milliwatts) so that adding and releasing any mix of powers
    // never drifts, and "minimums + minimum <= capacity" is decided exactly, even after millions of sessions.
    private static final double MICRO = 1_000_000.0;

    /** Micro-kW times simulated nanoseconds in one micro-kWh. */
    private static final BigInteger WORK_PER_MICRO_KWH = BigInteger.valueOf(3_600_000_000_000L);

    /** Least laxity reorders no more often than this, in simulated time: equal laxities would otherwise thrash. */
    static final Duration REORDER_INTERVAL = Duration.ofMinutes(1);

    /**
     * Slack on a caller's utilisation ceiling: the caller computes it from reports in kW, this station from whole
     * micro-kW, so the same figure may differ in its last bits on the two sides.
     */
    private static final double CEILING_TOLERANCE = 1e-9;

    /**
     * The minimum power of a session whose request names none, unless configured otherwise: 6 A on one phase at
     * 230 V (1.38 kW), the least current a charger may signal under IEC 61851-1.
     */
    static final double DEFAULT_MIN_POWER_KW = 1.4;

    /** How many ended sessions a station backed by a database keeps in memory; older ones are read from the store. */
    static final int RECENT_ENDED_IN_MEMORY = 10_000;

    private static final Comparator<Session> BY_ID = Comparator.comparing(Session::sessionId);

    private final String substationId;
    private final double capacityKw;
    private final long capacityMicroKw;
    private final SimulatedTime time;
    private final AllocationPolicy policy;
    private final double defaultMinPowerKw;
    private final Clock clock;
    private final SessionStore store;
    private final int historyLimit;
    private final SubstationProperties.Waitlist waitlist;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Charge> active = new HashMap<>();
    /** Recently ended sessions, oldest first; one leaves memory only once the store has written it. */
    private final Map<String, Kept> ended = new LinkedHashMap<>();
    /**
     * Ids stopped before their start arrived: a balancer that gave up on a start sends a stop for its id, and the
     * start may still be queued here. Remembering the id refuses that late start, so it never charges unowned.
     */
    private final Set<String> cancelled;
    /** Sessions waiting for their minimum to fit, in arrival order. */
    private final Map<String, WaitingSession> waiting = new LinkedHashMap<>();
    /** Admitted sessions whose answer has not gone out yet: not yet in the reported load. */
    private final Map<String, Charge> unanswered = new HashMap<>();

    /** Sums over the sessions charging: their maximums, their minimums, the powers they are given. */
    private long demandMicroKw;
    private long minimumMicroKw;
    private long allocatedMicroKw;
    private long unansweredMicroKw;
    private long waitingMinimumMicroKw;
    /** The instant of the last allocation, and of the next event: a completion, or a reorder under least laxity. */
    private Instant allocatedAt;
    private Instant reorderAt;
    private Instant nextEventAt;
    private long version;
    private long sequence;
    private long sessionsStarted;
    private long sessionsCompleted;
    private long sessionsStopped;
    private long admissionsRejected;
    private long admissionsAboveCeiling;
    private long lastAppended;
    private double endedEnergyKwh;
    private double reportedEnergyKwh;
    private boolean draining;
    private volatile LoadReport lastLoad;

    /**
     * A station that keeps everything in memory only, and shares power max-min: nothing survives it.
     *
     * @param clockSpeed simulated seconds per real second
     * @param historyLimit how many ended sessions stay available for lookups (the most recent ones)
     */
    ChargingStation(String substationId, double capacityKw, double clockSpeed, int historyLimit, Clock clock) {
        this(substationId, capacityKw, clockSpeed, historyLimit, clock, SessionStore.NONE, AllocationPolicy.MAX_MIN,
                DEFAULT_MIN_POWER_KW);
    }

    /** A station that keeps everything in memory only, and shares power under {@code policy}. */
    ChargingStation(String substationId, double capacityKw, double clockSpeed, int historyLimit, Clock clock,
            AllocationPolicy policy) {
        this(substationId, capacityKw, clockSpeed, historyLimit, clock, SessionStore.NONE, policy,
                DEFAULT_MIN_POWER_KW);
    }

    /** A station that keeps everything in memory only, shares power under {@code policy} and has a waitlist. */
    ChargingStation(String substationId, double capacityKw, double clockSpeed, int historyLimit, Clock clock,
            AllocationPolicy policy, SubstationProperties.Waitlist waitlist) {
        this(substationId, capacityKw, clockSpeed, historyLimit, clock, SessionStore.NONE, policy,
                DEFAULT_MIN_POWER_KW, waitlist);
    }

    /** A station that keeps its sessions in {@code store}, and shares power max-min. */
    ChargingStation(String substationId, double capacityKw, double clockSpeed, int historyLimit, Clock clock,
            SessionStore store) {
        this(substationId, capacityKw, clockSpeed, historyLimit, clock, store, AllocationPolicy.MAX_MIN,
                DEFAULT_MIN_POWER_KW);
    }

    /**
     * A station that keeps its sessions in {@code store}, and starts from what the store kept.
     *
     * @param historyLimit how many ended sessions stay in memory; with a store that keeps them, older ones are read
     *     from it
     * @param policy how the capacity is divided among the sessions
     * @param defaultMinPowerKw the minimum of a session whose request names none
     */
    ChargingStation(String substationId, double capacityKw, double clockSpeed, int historyLimit, Clock clock,
            SessionStore store, AllocationPolicy policy, double defaultMinPowerKw) {
        this(substationId, capacityKw, clockSpeed, historyLimit, clock, store, policy, defaultMinPowerKw,
                SubstationProperties.Waitlist.NONE);
    }

    /**
     * A station that keeps its sessions in {@code store}, starts from what the store kept, and lets sessions that
     * ask for it wait for their minimum to fit.
     *
     * @param waitlist how many sessions may wait, and how long
     */
    ChargingStation(String substationId, double capacityKw, double clockSpeed, int historyLimit, Clock clock,
            SessionStore store, AllocationPolicy policy, double defaultMinPowerKw,
            SubstationProperties.Waitlist waitlist) {
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
        this.time = new SimulatedTime(clockSpeed);
        this.policy = Objects.requireNonNull(policy, "policy");
        if (!(defaultMinPowerKw > 0) || Double.isInfinite(defaultMinPowerKw)) {
            throw new IllegalArgumentException("defaultMinPowerKw must be a positive number, was " + defaultMinPowerKw);
        }
        this.defaultMinPowerKw = defaultMinPowerKw;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = Objects.requireNonNull(store, "store");
        this.historyLimit = historyLimit;
        this.waitlist = Objects.requireNonNull(waitlist, "waitlist");
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
            Instant latestStart = null;
            for (SessionStore.Charging charging : recovered.charging()) {
                ActiveSession session = charging.session();
                Charge charge = new Charge(session, Math.round(session.energyKwh() * MICRO));
                SessionStore.Segment segment = charging.segment();
                if (segment != null) {
                    charge.powerMicroKw = segment.allocatedMicroKw();
                    charge.since = segment.since();
                    charge.work = segment.work();
                }
                else {
                    // Kept before power sharing: it drew its maximum from its start.
                    charge.powerMicroKw = session.maxMicroKw();
                    charge.since = session.startedAt();
                    charge.work = BigInteger.ZERO;
                }
                charge.completesAt = completionOf(charge);
                active.put(session.sessionId(), charge);
                demandMicroKw += session.maxMicroKw();
                minimumMicroKw += session.minMicroKw();
                allocatedMicroKw += charge.powerMicroKw;
                latestStart = latestStart == null || session.startedAt().isAfter(latestStart) ? session.startedAt()
                        : latestStart;
            }
            for (WaitingSession queued : recovered.waiting()) {
                waiting.put(queued.sessionId(), queued);
                waitingMinimumMicroKw += queued.minMicroKw();
            }
            cancelled.addAll(recovered.cancelledIds());
            StationTotals totals = recovered.totals();
            sessionsStarted = totals.sessionsStarted();
            sessionsCompleted = totals.sessionsCompleted();
            sessionsStopped = totals.sessionsStopped();
            admissionsRejected = totals.admissionsRejected();
            admissionsAboveCeiling = totals.admissionsAboveCeiling();
            endedEnergyKwh = totals.energyDeliveredKwh();
            reportedEnergyKwh = endedEnergyKwh;
            sequence = recovered.nextSequence();
            // Allocate again where the last allocation kept was made: the same inputs give the same powers, and from
            // there on the station plays out the time it was down as if it had run through it.
            allocatedAt = recovered.allocatedAt() != null ? recovered.allocatedAt() : latestStart;
            reorderAt = active.isEmpty() ? null : allocatedAt;
            nextEventAt = nextEvent();
            Instant now = clock.instant();
            // Starting from the wall clock keeps versions growing across restarts of the substation.
            this.version = epochMicros(now);
            advance(now);
            // The first waiting session may fit now even with nothing ended meanwhile: a larger capacity, say.
            startWaiting(now);
            nextEventAt = nextEvent();
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

    /** How this station divides its capacity among its sessions. */
    AllocationPolicy policy() {
        return policy;
    }

    /**
     * The minimum of a session of {@code powerKw} whose request names none: the configured default, or its maximum
     * when that is less.
     */
    double defaultMinPowerKw(double powerKw) {
        return Math.min(defaultMinPowerKw, powerKw);
    }

    /**
     * Admits a session at its full power or not at all (its minimum is its maximum), atomically with respect to every
     * other call.
     *
     * @param powerKw drawn for the whole session
     * @param energyKwh the session completes when this much is delivered
     */
    Admission admit(String vehicleId, double powerKw, double energyKwh) {
        return admit(null, vehicleId, powerKw, energyKwh);
    }

    /**
     * Admits a session at its full power or not at all, under the id the caller chose, so that a caller who never saw
     * the answer can retry, or take the session back, by that id. A session that already has this id, charging or in
     * the history, is answered again as {@link Admission.Existing}: however often the request arrives, it admits at
     * most once.
     *
     * @param sessionId {@code <substationId>.<uuid>} of this station (see {@link #ownsSessionId}), or {@code null}
     *     for a fresh random one
     */
    Admission admit(String sessionId, String vehicleId, double powerKw, double energyKwh) {
        return admit(sessionId, vehicleId, powerKw, energyKwh, Double.POSITIVE_INFINITY);
    }

    /**
     * Admits a session at its full power or not at all, as {@link #admit(String, String, double, double)} does, and
     * only if the utilisation by demand right after it stays at most {@code ceiling}: see
     * {@link #admit(String, String, double, double, double, Instant, double)}.
     */
    Admission admit(String sessionId, String vehicleId, double powerKw, double energyKwh,
            double ceiling) {
        return admit(sessionId, vehicleId, powerKw, powerKw, energyKwh, null, ceiling);
    }

    /**
     * Admits a session if its minimum fits beside the minimums of the sessions charging, atomically with respect to
     * every other call, and only if the demand right after it, over the capacity, stays at most {@code ceiling}: a
     * balancer sends what its next-best substation would reach, so that a substation that is no longer the best
     * choice (another balancer filled it meanwhile) refuses with {@link Admission.AboveCeiling} instead of admitting. Decided in the same step as the capacity check, so no other admission can come between; a repeat
     * of an admitted id is answered whatever the ceiling.
     *
     * @param powerKw the most the car draws
     * @param minPowerKw the least it can charge at, above 0 and at most {@code powerKw}
     * @param departureAt when the driver said the car leaves, or {@code null}; least laxity serves the cars that have
     *     the least time to spare first
     * @param ceiling the ceiling, above 0; {@link Double#POSITIVE_INFINITY} for none
     */
    Admission admit(String sessionId, String vehicleId, double powerKw, double minPowerKw, double energyKwh,
            Instant departureAt, double ceiling) {
        return admit(sessionId, vehicleId, powerKw, minPowerKw, energyKwh, departureAt, ceiling, false);
    }

    /**
     * Admits a session as {@link #admit(String, String, double, double, double, Instant, double)} does, or, when
     * {@code mayWait} and its minimum does not fit (or others already wait), puts it on the waitlist while the list
     * has room and its departure is ahead: {@link Admission.Queued}. It then starts by itself once its minimum fits.
     */
    Admission admit(String sessionId, String vehicleId, double powerKw, double minPowerKw, double energyKwh,
            Instant departureAt, double ceiling, boolean mayWait) {
        Objects.requireNonNull(vehicleId, "vehicleId");
        if (sessionId != null && !ownsSessionId(sessionId)) {
            throw new IllegalArgumentException("sessionId must be '" + substationId + ".<uuid>', was " + sessionId);
        }
        long maxMicroKw = Double.isFinite(powerKw) ? Math.round(powerKw * MICRO) : 0;
        if (maxMicroKw <= 0) {
            throw new IllegalArgumentException("powerKw must be a positive number, was " + powerKw);
        }
        long minMicroKw = Double.isFinite(minPowerKw) ? Math.round(minPowerKw * MICRO) : 0;
        if (minMicroKw <= 0 || minMicroKw > maxMicroKw) {
            throw new IllegalArgumentException("minPowerKw must be above 0 and at most powerKw, was " + minPowerKw);
        }
        if (!(energyKwh > 0) || Double.isInfinite(energyKwh)) {
            throw new IllegalArgumentException("energyKwh must be a positive number, was " + energyKwh);
        }
        if (!(ceiling > 0)) {
            throw new IllegalArgumentException("ceiling must be a positive number, was " + ceiling);
        }
        // The id is random, so it is made outside the lock to keep the critical section short.
        String id = sessionId != null ? sessionId : substationId + "." + UUID.randomUUID();
        Admission decided = null;
        try {
            decided = kept(() -> decide(id, sessionId, vehicleId, powerKw, maxMicroKw, minMicroKw, energyKwh,
                    departureAt, ceiling, mayWait));
        }
        finally {
            if (decided == null || decided instanceof Admission.Admitted) {
                // Answered, or failed to be: from now on the reported load counts it.
                decided = answered(id, decided);
            }
        }
        return decided;
    }

    private Admission decide(String id, String sessionId, String vehicleId, double powerKw, long maxMicroKw,
            long minMicroKw, double energyKwh, Instant departureAt, double ceiling, boolean mayWait) {
        Instant now = clock.instant();
        advance(now);
        // Checked before draining or capacity: a repeat of an admitted request is answered, never refused.
        Charge existing = active.get(id);
        if (existing != null) {
            return new Admission.Existing(charging(existing, now), report(now));
        }
        WaitingSession queued = waiting.get(id);
        if (queued != null) {
            return new Admission.Existing(waitingSession(queued, now), report(now));
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
        // Nobody is admitted past the waitlist: its first session would otherwise wait for ever behind newcomers.
        if (!waiting.isEmpty() || minimumMicroKw + minMicroKw > capacityMicroKw) {
            Instant leavesAt = now.plus(waitlist.maxWait());
            if (departureAt != null && departureAt.isBefore(leavesAt)) {
                leavesAt = departureAt;
            }
            // A minimum above the whole capacity would wait for nothing.
            if (mayWait && waiting.size() < waitlist.maxLength() && leavesAt.isAfter(now)
                    && minMicroKw <= capacityMicroKw) {
                WaitingSession joined = new WaitingSession(id, vehicleId, powerKw, maxMicroKw, minMicroKw, energyKwh,
                        departureAt, now, leavesAt, sequence++);
                waiting.put(id, joined);
                waitingMinimumMicroKw += minMicroKw;
                append(new SessionStore.Change.Queued(joined, keptTotals()));
                nextEventAt = nextEvent();
                changed(now);
                return new Admission.Queued(waitingSession(joined, now), lastLoad);
            }
            admissionsRejected++;
            return new Admission.Full(minMicroKw / MICRO, report(now));
        }
        if ((demandMicroKw + maxMicroKw) / (double) capacityMicroKw > ceiling + CEILING_TOLERANCE) {
            admissionsAboveCeiling++;
            return new Admission.AboveCeiling(powerKw, ceiling, report(now));
        }
        ActiveSession session = new ActiveSession(id, vehicleId, powerKw, maxMicroKw, minMicroKw, energyKwh,
                departureAt, now, sequence++);
        Charge charge = new Charge(session, Math.round(energyKwh * MICRO));
        charge.since = now;
        charge.work = BigInteger.ZERO;
        active.put(id, charge);
        demandMicroKw += maxMicroKw;
        minimumMicroKw += minMicroKw;
        unanswered.put(id, charge);
        unansweredMicroKw += maxMicroKw;
        sessionsStarted++;
        SessionStore.Allocated allocated = reallocate(now);
        append(new SessionStore.Change.Started(session, allocated, keptTotals()));
        // The reported load is as it was until the answer goes out: see answered().
        return new Admission.Admitted(charging(charge, now), null);
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
            Charge charge = unanswered.remove(id);
            if (charge != null) {
                unansweredMicroKw -= charge.session.maxMicroKw();
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
    boolean ownsSessionId(String sessionId) {
        return sessionId != null && sessionId.length() == substationId.length() + 1 + 36
                && sessionId.startsWith(substationId) && sessionId.charAt(substationId.length()) == '.'
                && UUID_TEXT.matcher(sessionId).region(substationId.length() + 1, sessionId.length()).matches();
    }

    /** The session as it is now, charging or ended. */
    SessionLookup find(String sessionId) {
        return kept(() -> {
            Instant now = clock.instant();
            advance(now);
            Charge charge = active.get(sessionId);
            if (charge != null) {
                return new SessionLookup.Found(charging(charge, now), report(now));
            }
            WaitingSession queued = waiting.get(sessionId);
            if (queued != null) {
                return new SessionLookup.Found(waitingSession(queued, now), report(now));
            }
            Session done = endedSession(sessionId);
            return done != null ? new SessionLookup.Found(done, report(now)) : new SessionLookup.NotFound(report(now));
        });
    }

    /**
     * Stops a charging session, freezing what it delivered and releasing its power to the others. Stopping a session
     * that has already ended answers that session unchanged, so a retried stop is harmless.
     */
    SessionLookup stop(String sessionId) {
        return kept(() -> {
            Instant now = clock.instant();
            advance(now);
            WaitingSession queued = waiting.remove(sessionId);
            if (queued != null) {
                waitingMinimumMicroKw -= queued.minMicroKw();
                Session left = leftWaitlist(queued, now);
                leaveWaitlist(List.of(left));
                // The first one may have been all that held the others back.
                startWaiting(now);
                nextEventAt = nextEvent();
                changed(now);
                return new SessionLookup.Found(left, lastLoad);
            }
            Charge charge = active.get(sessionId);
            if (charge == null) {
                Session done = endedSession(sessionId);
                if (done != null) {
                    return new SessionLookup.Found(done, report(now));
                }
                if (ownsSessionId(sessionId) && cancelled.add(sessionId)) {
                    append(new SessionStore.Change.Cancelled(sessionId, now, keptTotals()));
                }
                return new SessionLookup.NotFound(report(now));
            }
            Session stopped = ended(charge, deliveredKwh(charge, now), SessionStatus.STOPPED, now);
            remove(charge);
            sessionsStopped++;
            end(List.of(stopped), reallocate(now));
            startWaiting(now);
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
                admissionsAboveCeiling, endedEnergyKwh);
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
    LoadReport drain() {
        return setDraining(true);
    }

    /** Admits sessions again after {@link #drain()}. */
    LoadReport resume() {
        return setDraining(false);
    }

    /** Whether the station is draining: admitting nothing new. */
    boolean draining() {
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
            advance(now);
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
            advance(now);
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
    StationTotals totals() {
        lock.lock();
        try {
            Instant now = clock.instant();
            advance(now);
            double energy = endedEnergyKwh;
            for (Charge charge : active.values()) {
                energy += deliveredKwh(charge, now);
            }
            // Floating-point sums in a different order could dip by an ulp; a total must never go down.
            reportedEnergyKwh = Math.max(reportedEnergyKwh, energy);
            return new StationTotals(sessionsStarted, sessionsCompleted, sessionsStopped, admissionsRejected,
                    admissionsAboveCeiling, reportedEnergyKwh);
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * The power given to each charging session now over the power it asked for (its maximum), 0–1: 1 while power
     * suffices.
     */
    List<Double> allocationShares() {
        lock.lock();
        try {
            advance(clock.instant());
            List<Double> shares = new ArrayList<>(active.size());
            for (Charge charge : active.values()) {
                shares.add(charge.powerMicroKw / (double) charge.session.maxMicroKw());
            }
            return shares;
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Plays out everything due by now: completes every session whose energy is delivered and reallocates the power.
     *
     * @return how many sessions completed
     */
    public int completeDue() {
        lock.lock();
        try {
            return advance(clock.instant());
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Plays out, in order and each at its own instant, the completions and reorders due by {@code now}: each changes
     * the allocation, and so the instants of those after it.
     */
    private int advance(Instant now) {
        int completed = 0;
        boolean reallocated = false;
        while (nextEventAt != null && !nextEventAt.isAfter(now)) {
            Instant at = nextEventAt;
            expireWaiting(at);
            List<Session> done = new ArrayList<>();
            for (Iterator<Charge> charges = active.values().iterator(); charges.hasNext(); ) {
                Charge charge = charges.next();
                if (charge.completesAt != null && !charge.completesAt.isAfter(at)) {
                    // Ended at its own completion instant, not at the (later) moment someone noticed.
                    done.add(ended(charge, charge.session.energyKwh(), SessionStatus.COMPLETED, charge.completesAt));
                    charges.remove();
                    released(charge);
                }
            }
            SessionStore.Allocated allocated = reallocate(at);
            reallocated = true;
            if (done.isEmpty()) {
                append(new SessionStore.Change.Reallocated(allocated, keptTotals()));
            }
            else {
                done.sort(BY_ID);
                sessionsCompleted += done.size();
                completed += done.size();
                end(done, allocated);
            }
            startWaiting(at);
            nextEventAt = nextEvent();
        }
        if (reallocated) {
            changed(now);
        }
        return completed;
    }

    /**
     * Divides the capacity among the sessions charging at {@code at}: a session whose power changes starts a new
     * segment there, with the energy it had taken by then.
     */
    private SessionStore.Allocated reallocate(Instant at) {
        List<ChargingDemand> demands = new ArrayList<>(active.size());
        for (Charge charge : active.values()) {
            ActiveSession session = charge.session;
            // Only least laxity reads the energy left and the departure; both on the simulated clock.
            long remaining = 0;
            Instant departure = null;
            if (policy == AllocationPolicy.LEAST_LAXITY) {
                BigInteger left = target(charge).subtract(workAt(charge, at)).max(BigInteger.ZERO);
                remaining = ceilDiv(left, WORK_PER_MICRO_KWH).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
                departure = session.departureAt() == null ? null
                        : at.plus(time.simulated(Duration.between(at, session.departureAt())));
            }
            demands.add(new ChargingDemand(session.sessionId(), session.minMicroKw(), session.maxMicroKw(), remaining,
                    departure, session.sequence()));
        }
        Allocation allocation = PowerAllocator.allocate(policy, capacityMicroKw, demands, at);
        List<SessionStore.Segment> changed = new ArrayList<>();
        for (Charge charge : active.values()) {
            long power = allocation.powerOf(charge.session.sessionId());
            if (power != charge.powerMicroKw) {
                charge.work = workAt(charge, at);
                charge.since = at;
                allocatedMicroKw += power - Math.max(0, charge.powerMicroKw);
                charge.powerMicroKw = power;
                charge.completesAt = completionOf(charge);
                changed.add(new SessionStore.Segment(charge.session.sessionId(), power, at, charge.work));
            }
        }
        allocatedAt = at;
        reorderAt = null;
        if (policy == AllocationPolicy.LEAST_LAXITY && active.size() > 1) {
            Instant earliest = time.after(at, REORDER_INTERVAL);
            reorderAt = PowerAllocator.nextReorder(allocation, at)
                    .map(simulated -> simulated.equals(Instant.MAX) ? null
                            : time.after(at, Duration.between(at, simulated)))
                    .map(real -> real.isBefore(earliest) ? earliest : real)
                    .orElse(null);
        }
        nextEventAt = nextEvent();
        return new SessionStore.Allocated(at, List.copyOf(changed));
    }

    private Instant nextEvent() {
        Instant next = reorderAt;
        for (Charge charge : active.values()) {
            if (charge.completesAt != null && (next == null || charge.completesAt.isBefore(next))) {
                next = charge.completesAt;
            }
        }
        for (WaitingSession queued : waiting.values()) {
            if (next == null || queued.leavesAt().isBefore(next)) {
                next = queued.leavesAt();
            }
        }
        return next;
    }

    /**
     * Starts the waiting sessions at {@code at}, in the waitlist's order, while the first one's minimum fits beside
     * the minimums of the sessions charging. Each start is kept with the allocation right after it, as an admission.
     */
    private void startWaiting(Instant at) {
        if (waiting.isEmpty()) {
            return;
        }
        for (WaitingSession next : waitingOrder(at)) {
            if (minimumMicroKw + next.minMicroKw() > capacityMicroKw) {
                return;
            }
            waiting.remove(next.sessionId());
            waitingMinimumMicroKw -= next.minMicroKw();
            ActiveSession session = next.startingAt(at);
            Charge charge = new Charge(session, Math.round(session.energyKwh() * MICRO));
            charge.since = at;
            charge.work = BigInteger.ZERO;
            active.put(session.sessionId(), charge);
            demandMicroKw += session.maxMicroKw();
            minimumMicroKw += session.minMicroKw();
            sessionsStarted++;
            SessionStore.Allocated allocated = reallocate(at);
            append(new SessionStore.Change.Started(session, allocated, keptTotals()));
        }
    }

    /** Takes off the waitlist every session whose maximum wait or departure has come by {@code at}. */
    private void expireWaiting(Instant at) {
        List<Session> left = new ArrayList<>();
        for (Iterator<WaitingSession> queued = waiting.values().iterator(); queued.hasNext(); ) {
            WaitingSession session = queued.next();
            if (!session.leavesAt().isAfter(at)) {
                queued.remove();
                waitingMinimumMicroKw -= session.minMicroKw();
                left.add(leftWaitlist(session, session.leavesAt()));
            }
        }
        if (!left.isEmpty()) {
            leaveWaitlist(left);
        }
    }

    /** Keeps that these sessions left the waitlist without starting, and remembers them for lookups. */
    private void leaveWaitlist(List<Session> left) {
        append(new SessionStore.Change.LeftWaitlist(left, keptTotals()));
        remember(left);
    }

    /**
     * The waitlist in the order its sessions start: arrival under max-min; under least laxity the sessions with a
     * departure by their laxity at {@code at} (as if they charged at their maximum from then), then the others by
     * arrival.
     */
    private List<WaitingSession> waitingOrder(Instant at) {
        if (policy != AllocationPolicy.LEAST_LAXITY || waiting.size() < 2) {
            return new ArrayList<>(waiting.values());
        }
        List<ChargingDemand> demands = new ArrayList<>(waiting.size());
        for (WaitingSession queued : waiting.values()) {
            Instant departure = queued.departureAt() == null ? null
                    : at.plus(time.simulated(Duration.between(at, queued.departureAt())));
            demands.add(new ChargingDemand(queued.sessionId(), queued.minMicroKw(), queued.maxMicroKw(),
                    Math.round(queued.energyKwh() * MICRO), departure, queued.sequence()));
        }
        List<WaitingSession> order = new ArrayList<>(waiting.size());
        for (ChargingDemand demand : PowerAllocator.priorityOrder(policy, demands, at)) {
            order.add(waiting.get(demand.id()));
        }
        return order;
    }

    /**
     * A waiting session as it is now, with its place in the waitlist's order and its estimated start. The estimate
     * plays the waitlist forward on the present allocation: the sessions charging complete at their present
     * completion instants, earliest first, each freeing its minimum, and each waiting session, in order, starts at
     * the first of those instants at which its minimum fits beside the minimums left, after those before it. It
     * moves as the allocation changes; it is {@code null} when no completion in sight frees enough (sessions paused,
     * or a minimum ahead that never fits).
     */
    private Session waitingSession(WaitingSession session, Instant now) {
        List<Charge> byCompletion = new ArrayList<>();
        for (Charge charge : active.values()) {
            if (charge.completesAt != null) {
                byCompletion.add(charge);
            }
        }
        byCompletion.sort(Comparator.comparing((Charge charge) -> charge.completesAt)
                .thenComparingLong(charge -> charge.session.sequence()));
        long free = capacityMicroKw - minimumMicroKw;
        Instant at = now;
        int completed = 0;
        int position = 0;
        boolean inSight = true;
        for (WaitingSession ahead : waitingOrder(now)) {
            position++;
            while (inSight && free < ahead.minMicroKw() && completed < byCompletion.size()) {
                Charge charge = byCompletion.get(completed++);
                free += charge.session.minMicroKw();
                at = charge.completesAt.isAfter(at) ? charge.completesAt : at;
            }
            inSight &= free >= ahead.minMicroKw();
            if (ahead.sessionId().equals(session.sessionId())) {
                break;
            }
            free -= ahead.minMicroKw();
        }
        return new Session(session.sessionId(), session.vehicleId(), substationId, session.powerKw(),
                session.energyKwh(), 0, SessionStatus.WAITING, null, null, session.minMicroKw() / MICRO,
                session.departureAt(), 0, null, position, inSight ? at : null);
    }

    /** A waiting session that left the list at {@code at} without starting: stopped, nothing delivered. */
    private Session leftWaitlist(WaitingSession session, Instant at) {
        return new Session(session.sessionId(), session.vehicleId(), substationId, session.powerKw(),
                session.energyKwh(), 0, SessionStatus.STOPPED, null, at, session.minMicroKw() / MICRO,
                session.departureAt(), 0, null);
    }

    /** Takes an ended session's power, minimum and maximum out of the sums (it has left {@link #active}). */
    private void released(Charge charge) {
        demandMicroKw -= charge.session.maxMicroKw();
        minimumMicroKw -= charge.session.minMicroKw();
        allocatedMicroKw -= Math.max(0, charge.powerMicroKw);
        if (unanswered.remove(charge.session.sessionId()) != null) {
            unansweredMicroKw -= charge.session.maxMicroKw();
        }
    }

    private void remove(Charge charge) {
        active.remove(charge.session.sessionId());
        released(charge);
    }

    private void end(List<Session> sessions, SessionStore.Allocated allocated) {
        for (Session session : sessions) {
            endedEnergyKwh += session.deliveredKwh();
        }
        append(new SessionStore.Change.Ended(sessions, allocated, keptTotals()));
        remember(sessions);
    }

    /** Keeps ended sessions in memory for lookups, and forgets the oldest that the store has written. */
    private void remember(List<Session> sessions) {
        for (Session session : sessions) {
            ended.put(session.sessionId(), new Kept(session, lastAppended));
        }
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
        long unansweredAllocated = 0;
        long unansweredMinimum = 0;
        for (Charge charge : unanswered.values()) {
            unansweredAllocated += Math.max(0, charge.powerMicroKw);
            unansweredMinimum += charge.session.minMicroKw();
        }
        return new LoadReport(substationId, capacityKw, (allocatedMicroKw - unansweredAllocated) / MICRO,
                active.size() - unanswered.size(), version, now, draining || !store.healthy(),
                (demandMicroKw - unansweredMicroKw) / MICRO, (minimumMicroKw - unansweredMinimum) / MICRO,
                waiting.size(), waitingMinimumMicroKw / MICRO);
    }

    private Session charging(Charge charge, Instant now) {
        ActiveSession s = charge.session;
        return new Session(s.sessionId(), s.vehicleId(), substationId, s.powerKw(), s.energyKwh(),
                deliveredKwh(charge, now), SessionStatus.CHARGING, s.startedAt(), null, s.minMicroKw() / MICRO,
                s.departureAt(), charge.powerMicroKw / MICRO, charge.completesAt);
    }

    private Session ended(Charge charge, double deliveredKwh, SessionStatus status, Instant endedAt) {
        ActiveSession s = charge.session;
        return new Session(s.sessionId(), s.vehicleId(), substationId, s.powerKw(), s.energyKwh(), deliveredKwh,
                status, s.startedAt(), endedAt, s.minMicroKw() / MICRO, s.departureAt(), 0, null);
    }

    /** Energy delivered by {@code now}, in whole micro-kWh, shown in kWh; the full energy once it is all there. */
    private double deliveredKwh(Charge charge, Instant now) {
        long micro = workAt(charge, now).divide(WORK_PER_MICRO_KWH).min(BigInteger.valueOf(charge.energyMicroKwh))
                .longValue();
        return micro >= charge.energyMicroKwh ? charge.session.energyKwh() : micro / MICRO;
    }

    /** Energy taken by {@code at}, in micro-kW times simulated nanoseconds: the segment's start plus its power since. */
    private BigInteger workAt(Charge charge, Instant at) {
        long simulated = simulatedSinceStart(charge, at) - simulatedSinceStart(charge, charge.since);
        if (simulated <= 0 || charge.powerMicroKw <= 0) {
            return charge.work;
        }
        return charge.work.add(BigInteger.valueOf(charge.powerMicroKw).multiply(BigInteger.valueOf(simulated)));
    }

    private long simulatedSinceStart(Charge charge, Instant at) {
        return time.simulatedNanos(Math.max(0, Duration.between(charge.session.startedAt(), at).toNanos()));
    }

    private static BigInteger target(Charge charge) {
        return BigInteger.valueOf(charge.energyMicroKwh).multiply(WORK_PER_MICRO_KWH);
    }

    /**
     * The first instant at which the session's energy is all there at its present power, rounded up to the real
     * nanosecond; {@code null} while it is paused or when that lies beyond any clock.
     */
    private Instant completionOf(Charge charge) {
        if (charge.powerMicroKw <= 0) {
            return null;
        }
        BigInteger left = target(charge).subtract(charge.work);
        if (left.signum() <= 0) {
            return charge.since;
        }
        BigInteger needed = ceilDiv(left, BigInteger.valueOf(charge.powerMicroKw))
                .add(BigInteger.valueOf(simulatedSinceStart(charge, charge.since)));
        if (needed.bitLength() > 62) {
            return null;
        }
        return charge.session.startedAt().plusNanos(time.realNanosReaching(needed.longValue()));
    }

    private static BigInteger ceilDiv(BigInteger dividend, BigInteger divisor) {
        BigInteger[] division = dividend.divideAndRemainder(divisor);
        return division[1].signum() > 0 ? division[0].add(BigInteger.ONE) : division[0];
    }

    private static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }

    /**
     * A session charging: what it asked for, and the power it draws since the start of its present segment, with the
     * energy it had taken by then.
     */
    private static final class Charge {

        final ActiveSession session;
        final long energyMicroKwh;
        /** -1 until its first allocation, so that the first always starts a segment. */
        long powerMicroKw = -1;
        Instant since;
        /** Micro-kW times simulated nanoseconds taken by {@link #since}. */
        BigInteger work;
        /** When its energy is all there at its present power; {@code null} while paused. */
        Instant completesAt;

        Charge(ActiveSession session, long energyMicroKwh) {
            this.session = session;
            this.energyMicroKwh = energyMicroKwh;
        }
    }
}
