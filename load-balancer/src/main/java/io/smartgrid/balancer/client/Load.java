package io.smartgrid.balancer.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A substation's load report, as {@code GET /load} and every session reply carry it.
 *
 * @param version  grows with every change of load, also across restarts, so the newest report is always recognisable
 * @param draining the substation takes no new sessions (its existing ones run on); absent means false
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Load(String substationId, double capacityKw, double loadKw, int activeSessions, long version,
        Instant timestamp, Boolean draining) {

    public Load {
        // Older substations send no flag at all; that means they take sessions.
        draining = Boolean.TRUE.equals(draining);
    }

    /** A report of a substation that is not draining. */
    public Load(String substationId, double capacityKw, double loadKw, int activeSessions, long version,
            Instant timestamp) {
        this(substationId, capacityKw, loadKw, activeSessions, version, timestamp, false);
    }
}
