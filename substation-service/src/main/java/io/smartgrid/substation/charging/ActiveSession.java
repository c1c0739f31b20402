package io.smartgrid.substation.charging;

import java.time.Instant;

/**
 * What a charging session asked for when it was admitted; it never changes. The power it is given, which does, is
 * the station's.
 *
 * @param powerKw the most the car draws, kW
 * @param maxMicroKw the same in whole micro-kW
 * @param minMicroKw the least it can charge at, whole micro-kW, at most the maximum
 * @param departureAt when the driver said the car leaves; {@code null} when not said
 * @param sequence the order of admission, which breaks every tie of the allocation
 */
record ActiveSession(
        String sessionId,
        String vehicleId,
        double powerKw,
        long maxMicroKw,
        long minMicroKw,
        double energyKwh,
        Instant departureAt,
        Instant startedAt,
        long sequence) {
}
