package io.smartgrid.balancer.registry;

import io.smartgrid.balancer.client.Load;
import io.smartgrid.balancer.routing.Candidate;
import java.net.URI;
import java.time.Instant;

/** The mutable view of one substation; every access is guarded by the registry's lock. */
final class SubstationState {

    final String id;
    final URI url;
    double capacityKw;
    double loadKw;
    int activeSessions;
    long version = Long.MIN_VALUE;
    boolean healthy;
    Instant lastUpdated;
    double inFlightKw;
    int inFlightCount;
    /** Rebuilt on every change, so that a decision reads a ready snapshot without allocating. */
    Candidate candidate;

    SubstationState(String id, URI url) {
        this.id = id;
        this.url = url;
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
            activeSessions = load.activeSessions();
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

    void refresh() {
        candidate = new Candidate(id, capacityKw, loadKw + inFlightKw, activeSessions, healthy && version != Long.MIN_VALUE);
    }

    SubstationSnapshot snapshot() {
        return new SubstationSnapshot(id, url, capacityKw, loadKw, activeSessions, healthy, lastUpdated, inFlightKw);
    }
}
