package io.smartgrid.balancer.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A substation's load report, as {@code GET /load} and every session reply carry it.
 *
 * @param version  grows with every change of load, also across restarts, so the newest report is always recognisable
 * @param draining the substation takes no new sessions (its existing ones run on); absent means false
 * @param loadKw   the power given to its sessions, at most its capacity
 * @param demandKw the sum of its sessions' maximums, above the capacity when power is short; absent (a substation
 *                 without power sharing) means the load
 * @param minimumKw the sum of its sessions' minimums: a session is admitted while its own minimum fits beside it;
 *                 absent means the load
 * @param waiting  how many sessions wait on its waitlist; absent means none
 * @param waitingKw the sum of their minimums; absent means none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Load(String substationId, double capacityKw, double loadKw, int activeSessions, long version,
        Instant timestamp, Boolean draining, Double demandKw, Double minimumKw, Integer waiting, Double waitingKw) {

    public Load {
        waiting = waiting != null ? waiting : 0;
        waitingKw = waitingKw != null ? waitingKw : 0.0;
        // Older substations send no flag at all; that means they take sessions.
        draining = Boolean.TRUE.equals(draining);
        demandKw = demandKw != null ? demandKw : loadKw;
        minimumKw = minimumKw != null ? minimumKw : loadKw;
    }

    /** A report with nobody waiting. */
    public Load(String substationId, double capacityKw, double loadKw, int activeSessions, long version,
            Instant timestamp, Boolean draining, Double demandKw, Double minimumKw) {
        this(substationId, capacityKw, loadKw, activeSessions, version, timestamp, draining, demandKw, minimumKw, null,
                null);
    }

    /** A report of a substation that is not draining. */
    public Load(String substationId, double capacityKw, double loadKw, int activeSessions, long version,
            Instant timestamp) {
        this(substationId, capacityKw, loadKw, activeSessions, version, timestamp, false);
    }

    /** A report where demand and minimum are the load: every session at its maximum, no sharing. */
    public Load(String substationId, double capacityKw, double loadKw, int activeSessions, long version,
            Instant timestamp, Boolean draining) {
        this(substationId, capacityKw, loadKw, activeSessions, version, timestamp, draining, null, null);
    }
}
