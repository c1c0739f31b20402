package io.smartgrid.substation.charging;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonAlias;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The body of {@code POST /sessions}.
 *
 * @param powerKw optional, {@value #DEFAULT_POWER_KW} kW when absent
 * @param energyKwh optional, {@value #DEFAULT_ENERGY_KWH} kWh when absent
 * @param sessionId optional, {@code <this substation's id>.<uuid>}: the caller's own id for the session, which makes
 *     the request idempotent (a repeat answers the session it admitted); a random one when absent
 * @param ceiling optional, above 0: refuse ({@code 409 above-ceiling}) rather than let the demand over the
 *     capacity after this session pass it; no ceiling when absent. Also read under its former name,
 *     {@code maxUtilization}, which balancers of the previous version send
 * @param minPowerKw optional, at most {@code powerKw}: the least the car can charge at; the substation's default
 *     ({@code grid.substation.min-power-kw}) when absent
 * @param departureAt optional: when the driver said the car leaves (a past instant is accepted: the car is late)
 * @param waitlist optional: {@code true} to wait on the waitlist ({@code 202}) rather than be refused when the minimum
 *     does not fit
 */
record StartSession(
        @NotNull(message = "is required")
        @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'")
        String vehicleId,
        @DecimalMin(value = "1", message = "must be at least 1 kW")
        @DecimalMax(value = "350", message = "must be at most 350 kW")
        Double powerKw,
        @DecimalMin(value = "0.1", message = "must be at least 0.1 kWh")
        @DecimalMax(value = "200", message = "must be at most 200 kWh")
        Double energyKwh,
        @Pattern(regexp = SESSION_ID, message = SESSION_ID_MESSAGE)
        String sessionId,
        // The same message on both bounds, so that NaN, which breaks both, is named once.
        @DecimalMin(value = "0", inclusive = false, message = CEILING_MESSAGE)
        @DecimalMax(value = "100", message = CEILING_MESSAGE)
        @JsonAlias("maxUtilization")
        Double ceiling,
        @DecimalMin(value = "1", message = "must be at least 1 kW")
        @DecimalMax(value = "350", message = "must be at most 350 kW")
        Double minPowerKw,
        Instant departureAt,
        Boolean waitlist) {

    /** The shape of any substation's session id; that the prefix is this substation's is checked by the controller. */
    static final String SESSION_ID = "[a-z0-9][a-z0-9-]{0,31}\\."
            + "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    static final String SESSION_ID_MESSAGE = "must be this substation's id, a '.' and a UUID";

    static final String CEILING_MESSAGE = "must be a number above 0 and at most 100";

    static final double DEFAULT_POWER_KW = 11;
    static final double DEFAULT_ENERGY_KWH = 20;

    double powerKwOrDefault() {
        return powerKw != null ? powerKw : DEFAULT_POWER_KW;
    }

    double energyKwhOrDefault() {
        return energyKwh != null ? energyKwh : DEFAULT_ENERGY_KWH;
    }

    static final String MIN_POWER_MESSAGE = "must be at most powerKw";

    /** Whether the minimum, where there is one, is at most the maximum. */
    boolean minimumWithinMaximum() {
        return minPowerKw == null || minPowerKw <= powerKwOrDefault();
    }

    /** Whether the caller asked to wait rather than be refused. */
    boolean mayWait() {
        return Boolean.TRUE.equals(waitlist);
    }

    /** The ceiling, or {@link Double#POSITIVE_INFINITY} for none. */
    double ceilingOrNone() {
        return ceiling != null ? ceiling : Double.POSITIVE_INFINITY;
    }
}
