package io.smartgrid.charge.client;

import java.time.Instant;

/**
 * A charging session as the balancer sends it (the Session shape of the internal contract).
 * {@code position} and {@code estimatedStartAt} are set only while it is {@code WAITING}.
 * {@code status} stays a string so that a status added downstream is passed on, not a decoding failure.
 */
public record BalancerSession(String sessionId, String vehicleId, String substationId, double powerKw,
        double energyKwh, double deliveredKwh, String status, Instant startedAt, Instant endedAt, Double minPowerKw,
        Instant departureAt, Double allocatedKw, Instant estimatedCompletionAt, Integer position,
        Instant estimatedStartAt) {

    /** The status of a session that waits on a substation's waitlist. */
    public static final String WAITING = "WAITING";

    /** A session that is not waiting: no position, no estimated start. */
    public BalancerSession(String sessionId, String vehicleId, String substationId, double powerKw, double energyKwh,
            double deliveredKwh, String status, Instant startedAt, Instant endedAt, Double minPowerKw,
            Instant departureAt, Double allocatedKw, Instant estimatedCompletionAt) {
        this(sessionId, vehicleId, substationId, powerKw, energyKwh, deliveredKwh, status, startedAt, endedAt,
                minPowerKw, departureAt, allocatedKw, estimatedCompletionAt, null, null);
    }

    /** Whether it waits on its substation's waitlist. */
    public boolean waiting() {
        return WAITING.equals(status);
    }

    /** A session as a balancer without power sharing sends it. */
    public BalancerSession(String sessionId, String vehicleId, String substationId, double powerKw, double energyKwh,
            double deliveredKwh, String status, Instant startedAt, Instant endedAt) {
        this(sessionId, vehicleId, substationId, powerKw, energyKwh, deliveredKwh, status, startedAt, endedAt, null,
                null, null, null);
    }
}
