package io.smartgrid.balancer.placement;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * The body of {@code POST /sessions}, validated exactly like the public {@code POST /charge}.
 *
 * @param powerKw    power to draw; 11 kW (a common wallbox) when absent
 * @param energyKwh  energy to deliver; 20 kWh when absent
 * @param requestId  a UUID chosen by the caller before its first try; every session this request may place is
 *                   {@code <substationId>.<requestId>}, so that a substation admits it at most once. A fresh one is
 *                   made when absent
 * @param supersedes request ids of earlier tries of the same start whose answer never arrived (a timeout at another
 *                   balancer replica): whatever they may have placed on any substation is taken back
 * @param minPowerKw the least the car charges at, at most {@code powerKw}; the substation's default when absent
 * @param departureAt when the car leaves, passed on to the substation; absent when not said
 * @param waitlist   {@code true}: when the car's minimum fits nowhere, wait on the waitlist of the substation whose
 *                   power frees up first ({@code 202}) rather than be refused ({@code 503})
 */
record SessionRequest(
        @NotNull @Pattern(regexp = "^[A-Za-z0-9._-]{1,64}$", message = "must be 1 to 64 of A-Z a-z 0-9 . _ -")
        String vehicleId,
        @DecimalMin("1") @DecimalMax("350") Double powerKw,
        @DecimalMin("0.1") @DecimalMax("200") Double energyKwh,
        @Pattern(regexp = UUID, message = "must be a UUID in lower case") String requestId,
        @Size(max = 8, message = "may name at most 8 earlier tries")
        List<@NotNull @Pattern(regexp = UUID, message = "must be a UUID in lower case") String> supersedes,
        @DecimalMin("1") @DecimalMax("350") Double minPowerKw,
        Instant departureAt,
        Boolean waitlist) {

    static final double DEFAULT_POWER_KW = 11;
    static final double DEFAULT_ENERGY_KWH = 20;
    static final String UUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    SessionRequest {
        powerKw = powerKw == null ? DEFAULT_POWER_KW : powerKw;
        energyKwh = energyKwh == null ? DEFAULT_ENERGY_KWH : energyKwh;
        supersedes = supersedes == null ? List.of() : supersedes;
    }

    /**
     * The minimum the balancer assumes, to find a substation where it fits, when the request names none: the
     * substations' default ({@code grid.substation.min-power-kw}, 1.4 kW). The substation decides with its own.
     */
    static final double ASSUMED_MIN_POWER_KW = 1.4;

    /** A start that is refused, not queued, when its minimum fits nowhere. */
    SessionRequest(String vehicleId, Double powerKw, Double energyKwh, String requestId, List<String> supersedes,
            Double minPowerKw, Instant departureAt) {
        this(vehicleId, powerKw, energyKwh, requestId, supersedes, minPowerKw, departureAt, null);
    }

    /** Whether the caller asked to wait rather than be refused. */
    boolean mayWait() {
        return Boolean.TRUE.equals(waitlist);
    }

    /** A start without a caller's request id, as before replicas: the balancer makes one. */
    SessionRequest(String vehicleId, Double powerKw, Double energyKwh) {
        this(vehicleId, powerKw, energyKwh, null, null, null, null);
    }

    /** A start with the caller's request id and earlier tries, without power sharing's fields. */
    SessionRequest(String vehicleId, Double powerKw, Double energyKwh, String requestId, List<String> supersedes) {
        this(vehicleId, powerKw, energyKwh, requestId, supersedes, null, null);
    }

    /** The minimum to route by: the request's, or the assumed default (never above the maximum). */
    double routingMinPowerKw() {
        return minPowerKw != null ? minPowerKw : Math.min(ASSUMED_MIN_POWER_KW, powerKw);
    }

    /** Whether the minimum, where there is one, is at most the maximum. */
    boolean minimumWithinMaximum() {
        return minPowerKw == null || minPowerKw <= powerKw;
    }
}
