package io.smartgrid.substation.charging;

import java.time.Instant;

/**
 * A charging session as seen at one instant: an immutable snapshot, so callers can never change
 * the station's state through it.
 *
 * @param powerKw the most the car draws
 * @param endedAt {@code null} while charging
 * @param minPowerKw the least it charges at
 * @param departureAt when the driver said the car leaves, or {@code null}
 * @param allocatedKw the power it is given now; 0 once ended, and 0 while paused (its minimum no longer fits)
 * @param estimatedCompletionAt when its energy will be delivered if its power stays as it is now; {@code null} once
 *     ended or while paused
 */
public record Session(
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
        Instant estimatedCompletionAt) {
}
