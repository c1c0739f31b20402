package io.smartgrid.substation.allocation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one charging session asks of its substation, in whole micro-kW (milliwatts) and micro-kWh.
 *
 * @param id unique among the sessions allocated together
 * @param minMicroKw the least power the session can charge at (a charger cannot signal less than 6 A,
 *        IEC 61851-1); it gets at least this, or nothing at all when the minimums of all sessions do not fit
 * @param maxMicroKw the most it can take (the car's or the charger's limit), at least 1 and at least the minimum
 * @param remainingMicroKwh energy still to deliver; only least laxity reads it
 * @param departure when the car leaves, or null when nobody said
 * @param arrival the order of arrival, lower first: breaks every tie, so the result is deterministic
 */
public record ChargingDemand(String id, long minMicroKw, long maxMicroKw, long remainingMicroKwh, Instant departure,
        long arrival) {

    public ChargingDemand {
        Objects.requireNonNull(id, "id");
        if (minMicroKw < 0) {
            throw new IllegalArgumentException(id + ": minimum power must not be negative");
        }
        if (maxMicroKw < 1 || maxMicroKw < minMicroKw) {
            throw new IllegalArgumentException(id + ": maximum power must be at least 1 and at least the minimum");
        }
        if (remainingMicroKwh < 0) {
            throw new IllegalArgumentException(id + ": remaining energy must not be negative");
        }
    }

    /** The departure, when one is known. */
    public Optional<Instant> departureAt() {
        return Optional.ofNullable(departure);
    }
}
