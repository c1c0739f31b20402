package io.smartgrid.substation.charging;

import java.time.Instant;

/**
 * The station's load at one instant.
 *
 * @param loadKw the power given to the sessions now (the sum of their allocations), at most the capacity
 * @param version grows with every change of load and across restarts, so a reader can discard a report
 *     older than one it already holds
 * @param draining the station admits no new sessions; those charging run on
 * @param demandKw the sum of the sessions' maximums: what they would draw if power were not short
 * @param minimumKw the sum of the sessions' minimums: a new session is admitted while its own minimum fits beside it
 * @param waiting how many sessions wait on the waitlist for their minimum to fit
 * @param waitingKw the sum of the waiting sessions' minimums
 */
public record LoadReport(
        String substationId,
        double capacityKw,
        double loadKw,
        int activeSessions,
        long version,
        Instant timestamp,
        boolean draining,
        double demandKw,
        double minimumKw,
        int waiting,
        double waitingKw) {

    /** A report with nobody waiting. */
    public LoadReport(String substationId, double capacityKw, double loadKw, int activeSessions, long version,
            Instant timestamp, boolean draining, double demandKw, double minimumKw) {
        this(substationId, capacityKw, loadKw, activeSessions, version, timestamp, draining, demandKw, minimumKw, 0, 0);
    }

    /** A report where every session draws its maximum and its minimum is its maximum (no sharing). */
    public LoadReport(String substationId, double capacityKw, double loadKw, int activeSessions, long version,
            Instant timestamp, boolean draining) {
        this(substationId, capacityKw, loadKw, activeSessions, version, timestamp, draining, loadKw, loadKw);
    }

    /** Load over capacity, 0–1. */
    public double utilization() {
        return loadKw / capacityKw;
    }

    /** Demand over capacity; above 1 when power is short. */
    public double demandRatio() {
        return demandKw / capacityKw;
    }
}
