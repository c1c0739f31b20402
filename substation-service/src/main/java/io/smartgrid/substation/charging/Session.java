package io.smartgrid.substation.charging;

import java.time.Instant;

/**
 * A charging session as seen at one instant: an immutable snapshot, so callers can never change
 * the station's state through it.
 *
 * @param endedAt {@code null} while charging
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
        Instant endedAt) {
}
