package io.smartgrid.charge.client;

import java.time.Instant;

/**
 * A charging session as the balancer sends it (the Session shape of the internal contract).
 * {@code status} stays a string so that a status added downstream is passed on, not a decoding failure.
 */
public record BalancerSession(String sessionId, String vehicleId, String substationId, double powerKw,
        double energyKwh, double deliveredKwh, String status, Instant startedAt, Instant endedAt, Double minPowerKw,
        Instant departureAt, Double allocatedKw, Instant estimatedCompletionAt) {

    /** A session as a balancer without power sharing sends it. */
    public BalancerSession(String sessionId, String vehicleId, String substationId, double powerKw, double energyKwh,
            double deliveredKwh, String status, Instant startedAt, Instant endedAt) {
        this(sessionId, vehicleId, substationId, powerKw, energyKwh, deliveredKwh, status, startedAt, endedAt, null,
                null, null, null);
    }
}
