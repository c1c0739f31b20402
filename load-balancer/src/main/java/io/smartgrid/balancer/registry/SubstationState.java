package io.smartgrid.balancer.registry;

import io.micrometer.core.instrument.Meter;
import io.smartgrid.balancer.client.Load;
import io.smartgrid.balancer.routing.Candidate;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The mutable view of one substation; every access is guarded by the registry's lock. */
final class SubstationState {

    final String id;
    /** Configured in {@code grid.balancer.substations}: never dropped, however long it stays silent. */
    final boolean configured;
    URI url;
    /** Whether it registered itself (also true for a configured one that registered); only then do heartbeats count. */
    boolean registered;
    Instant lastHeartbeat;
    double capacityKw;
    double loadKw;
    /** The sum of the sessions' maximums: what the balancer routes by. Equal to the load while power suffices. */
    double demandKw;
    /** The sum of the sessions' minimums: a car whose maximum fits nowhere still fits where its minimum does. */
    double minimumKw;
    int activeSessions;
    /** Sessions on its waitlist, and the sum of their minimums: a new session is not admitted past them. */
    int waiting;
    double waitingKw;
    boolean draining;
    long version = Long.MIN_VALUE;
    boolean healthy;
    Instant lastUpdated;
    double inFlightKw;
    int inFlightCount;
    /** Failed calls in a row; sets how long the next probe waits. */
    int failures;
    /** While unreachable: no probe before this instant. {@code null} once it answers again. */
    Instant nextProbeAt;
    /** Its gauges, removed with it when a registration is dropped. */
    final List<Meter> meters = new ArrayList<>(3);
    /** Rebuilt on every change, so that a decision reads a ready snapshot without allocating. */
    Candidate candidate;

    SubstationState(String id, URI url, boolean configured) {
        this.id = id;
        this.url = url;
        this.configured = configured;
        refresh();
    }

    /** Applies a report if it is newer than the one held; returns whether anything changed. */
    boolean apply(Load load, Instant receivedAt) {
        if (load.version() < version) {
            return false;
        }
        if (load.version() > version) {
            version = load.version();
            capacityKw = load.capacityKw();
            loadKw = load.loadKw();
            demandKw = load.demandKw();
            minimumKw = load.minimumKw();
            activeSessions = load.activeSessions();
            waiting = load.waiting();
            waitingKw = load.waitingKw();
            draining = load.draining();
        }
        // The same version again still confirms the reading is current.
        lastUpdated = receivedAt;
        return true;
    }

    void reserve(double kw) {
        inFlightKw += kw;
        inFlightCount++;
    }

    void release(double kw) {
        inFlightCount = Math.max(0, inFlightCount - 1);
        // Resetting at zero keeps rounding errors of many additions and subtractions from accumulating.
        inFlightKw = inFlightCount == 0 ? 0 : Math.max(0, inFlightKw - kw);
    }

    /**
     * Whether a session with this minimum could be admitted, in this view: answering, not draining, and its minimum
     * fits beside the minimums charging (with this balancer's reservations counted at their full power), and nobody
     * waits there (a substation admits nobody past its waitlist).
     */
    boolean minimumFits(double minKw) {
        return candidate.healthy() && capacityKw > 0 && waiting == 0 && minimumKw + inFlightKw + minKw <= capacityKw;
    }

    /**
     * How far a waiting session with this minimum is from starting here, in this view: the minimums charging and
     * waiting, its own included, beyond the capacity, over the capacity. The lower, the sooner power for it should
     * free up, as a larger substation frees power faster in proportion.
     */
    double waitShortfall(double minKw) {
        return (minimumKw + waitingKw + inFlightKw + minKw - capacityKw) / capacityKw;
    }

    /** Whether the poller should ask it now: always while it answers, only after its backoff while it does not. */
    boolean dueForProbe(Instant now) {
        return nextProbeAt == null || !now.isBefore(nextProbeAt);
    }

    void refresh() {
        // A draining substation stays in view but is never a candidate: it takes no new sessions.
        // Routed by demand: (demand + request) / capacity, which is today's utilisation while demand fits.
        candidate = new Candidate(id, capacityKw, demandKw + inFlightKw, activeSessions,
                healthy && !draining && version != Long.MIN_VALUE);
    }

    SubstationSnapshot snapshot() {
        return new SubstationSnapshot(id, url, capacityKw, loadKw, activeSessions, healthy, lastUpdated, inFlightKw,
                draining, registered && !configured, demandKw, waiting);
    }
}
