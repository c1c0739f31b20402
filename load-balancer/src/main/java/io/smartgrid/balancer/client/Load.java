package io.smartgrid.balancer.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A substation's load report, as {@code GET /load} and every session reply carry it.
 *
 * @param version grows with every change of load, also across restarts, so the newest report is always recognisable
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Load(String substationId, double capacityKw, double loadKw, int activeSessions, long version,
        Instant timestamp) {
}
