package io.smartgrid.substation.charging;

import java.time.Instant;

/**
 * A charging session as seen at one instant: an immutable snapshot, so callers can never change
 * the station's state through it.
 *
 * @param powerKw the most the car draws
 * @param startedAt when it began charging; {@code null} while waiting, and for a waiting session that never started
 * @param endedAt {@code null} while charging or waiting
 * @param minPowerKw the least it charges at
 * @param departureAt when the driver said the car leaves, or {@code null}
 * @param allocatedKw the power it is given now; 0 once ended, and 0 while paused (its minimum no longer fits)
 * @param estimatedCompletionAt when its energy will be delivered if its power stays as it is now; {@code null} once
 *     ended or while paused
 * @param position while waiting, its place on the substation's waitlist, 1 first; {@code null} otherwise
 * @param estimatedStartAt while waiting, when its minimum is expected to fit: see
 *     {@link ChargingStation#find}; {@code null} otherwise, or when no session charging is expected to free enough
 */
record Session(
        String sessionId,
        String vehicleId,
        String substationId,
        double powerKw,
        double energyKwh,
        double deliveredKwh,
        SessionStatus status,
        Instant startedAt,
        Instant endedAt,
        double minPowerKw,
        Instant departureAt,
        double allocatedKw,
        Instant estimatedCompletionAt,
        Integer position,
        Instant estimatedStartAt) {

    /** A session that is not waiting: no position, no estimated start. */
    public Session(String sessionId, String vehicleId, String substationId, double powerKw, double energyKwh,
            double deliveredKwh, SessionStatus status, Instant startedAt, Instant endedAt, double minPowerKw,
            Instant departureAt, double allocatedKw, Instant estimatedCompletionAt) {
        this(sessionId, vehicleId, substationId, powerKw, energyKwh, deliveredKwh, status, startedAt, endedAt,
                minPowerKw, departureAt, allocatedKw, estimatedCompletionAt, null, null);
    }
}
