package io.smartgrid.balancer.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/** A charging session, in the shape every layer of the grid shares. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Session(String sessionId, String vehicleId, String substationId, double powerKw, double energyKwh,
        double deliveredKwh, String status, Instant startedAt, Instant endedAt) {
}
