package io.smartgrid.charge.charging;

import java.time.Instant;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.smartgrid.charge.client.SessionRequest;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /charge}. Omitted numbers take their defaults before validation, so the
 * record always holds the request exactly as it will be served (which is also what idempotency compares).
 * An omitted {@code minPowerKw} stays absent: the substation that takes the car applies its configured default
 * ({@code grid.substation.min-power-kw}, 1.4 kW), the one place that knows it.
 *
 * <p>{@code departureAt} is an instant, not a number of minutes: a retry (on this or another replica, under the same
 * Idempotency-Key) then means the same departure, where "in 90 minutes" would move with every try.
 */
@MinimumWithinMaximum
record ChargeRequest(
        @Schema(description = "The car", example = "EV-42", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank(message = "is required")
        @Size(min = 1, max = 64, message = "must be 1 to 64 characters")
        @Pattern(regexp = "[A-Za-z0-9._-]*", message = "may contain only letters, digits, '.', '_' and '-'")
        String vehicleId,

        @Schema(description = "The most the car draws, kW: it gets this while power suffices, and a share of the "
                + "substation's capacity, never below minPowerKw, when power is short", defaultValue = "11",
                example = "11")
        @DecimalMin(value = "1", message = "must be between 1 and 350 kW")
        @DecimalMax(value = "350", message = "must be between 1 and 350 kW")
        Double powerKw,

        @Schema(description = "Energy to deliver, kWh", defaultValue = "20", example = "20")
        @DecimalMin(value = "0.1", message = "must be between 0.1 and 200 kWh")
        @DecimalMax(value = "200", message = "must be between 0.1 and 200 kWh")
        Double energyKwh,

        @Schema(description = "The least the car can charge at, kW, at most powerKw; the substation's default "
                + "(1.4 kW: 6 A on one phase at 230 V, the least a charger may signal under IEC 61851-1) when absent",
                example = "1.4", minimum = "1", maximum = "350")
        @DecimalMin(value = "1", message = "must be between 1 and 350 kW")
        @DecimalMax(value = "350", message = "must be between 1 and 350 kW")
        Double minPowerKw,

        @Schema(description = "When the car leaves, an ISO-8601 instant in the future; the least-laxity policy "
                + "serves the cars that have the least time to spare first", example = "2026-11-21T17:30:00Z")
        @Future(message = "must be an instant in the future")
        Instant departureAt) {

    static final double DEFAULT_POWER_KW = 11;
    static final double DEFAULT_ENERGY_KWH = 20;

    /** A request without power sharing's fields. */
    ChargeRequest(String vehicleId, Double powerKw, Double energyKwh) {
        this(vehicleId, powerKw, energyKwh, null, null);
    }

    ChargeRequest {
        powerKw = powerKw == null ? DEFAULT_POWER_KW : powerKw;
        energyKwh = energyKwh == null ? DEFAULT_ENERGY_KWH : energyKwh;
    }

    SessionRequest toSessionRequest() {
        return new SessionRequest(vehicleId, powerKw, energyKwh, minPowerKw, departureAt);
    }
}
