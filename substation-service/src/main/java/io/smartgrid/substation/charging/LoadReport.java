package io.smartgrid.substation.charging;

import java.time.Instant;

/**
 * The station's load at one instant.
 *
 * @param version grows with every change of load and across restarts, so a reader can discard a report
 *     older than one it already holds
 * @param draining the station admits no new sessions; those charging run on
 */
public record LoadReport(
        String substationId,
        double capacityKw,
        double loadKw,
        int activeSessions,
        long version,
        Instant timestamp,
        boolean draining) {

    /** Load over capacity, 0–1. */
    public double utilization() {
        return loadKw / capacityKw;
    }
}
