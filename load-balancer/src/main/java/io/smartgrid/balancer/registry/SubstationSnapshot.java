package io.smartgrid.balancer.registry;

import java.net.URI;
import java.time.Instant;

/**
 * What the balancer believes about one substation at one moment.
 *
 * @param loadKw      the load last reported (without in-flight assignments)
 * @param inFlightKw  power chosen for this substation and not yet answered
 * @param lastUpdated when the last load report arrived, or {@code null} if none has yet
 * @param draining    the substation said it takes no new sessions; it is never chosen while so
 * @param registered  it registered itself (and is dropped when its heartbeats stop), rather than being configured
 * @param demandKw    the sum of its sessions' maximums, as last reported: above the capacity when power is short
 * @param waiting     how many sessions wait on its waitlist, as last reported
 */
record SubstationSnapshot(String id, URI url, double capacityKw, double loadKw, int activeSessions,
        boolean healthy, Instant lastUpdated, double inFlightKw, boolean draining, boolean registered,
        double demandKw, int waiting) {

    /** A configured substation that is not draining. */
    public SubstationSnapshot(String id, URI url, double capacityKw, double loadKw, int activeSessions, boolean healthy,
            Instant lastUpdated, double inFlightKw) {
        this(id, url, capacityKw, loadKw, activeSessions, healthy, lastUpdated, inFlightKw, false, false, loadKw, 0);
    }

    /** A substation with nobody waiting. */
    public SubstationSnapshot(String id, URI url, double capacityKw, double loadKw, int activeSessions, boolean healthy,
            Instant lastUpdated, double inFlightKw, boolean draining, boolean registered, double demandKw) {
        this(id, url, capacityKw, loadKw, activeSessions, healthy, lastUpdated, inFlightKw, draining, registered,
                demandKw, 0);
    }

    /** Reported load over capacity, 0–1; 0 while the capacity is still unknown. */
    public double utilization() {
        return capacityKw > 0 ? Math.min(1.0, Math.max(0.0, loadKw / capacityKw)) : 0.0;
    }
}
