package io.smartgrid.charge.charging;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.smartgrid.charge.client.SessionRequest;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /charge}. Omitted numbers take their defaults before validation, so the
 * record always holds the request exactly as it will be served (which is also what idempotency compares).
 */
record ChargeRequest(
        @Schema(description = "The car", example = "EV-42", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank(message = "is required")
        @Size(min = 1, max = 64, message = "must be 1 to 64 characters")
        @Pattern(regexp = "[A-Za-z0-9._-]*", message = "may contain only letters, digits, '.', '_' and '-'")
        String vehicleId,

        @Schema(description = "Charging power, kW", defaultValue = "11", example = "11")
        @DecimalMin(value = "1", message = "must be between 1 and 350 kW")
        @DecimalMax(value = "350", message = "must be between 1 and 350 kW")
        Double powerKw,

        @Schema(description = "Energy to deliver, kWh", defaultValue = "20", example = "20")
        @DecimalMin(value = "0.1", message = "must be between 0.1 and 200 kWh")
        @DecimalMax(value = "200", message = "must be between 0.1 and 200 kWh")
        Double energyKwh) {

    static final double DEFAULT_POWER_KW = 11;
    static final double DEFAULT_ENERGY_KWH = 20;

    ChargeRequest {
        powerKw = powerKw == null ? DEFAULT_POWER_KW : powerKw;
        energyKwh = energyKwh == null ? DEFAULT_ENERGY_KWH : energyKwh;
    }

    SessionRequest toSessionRequest() {
        return new SessionRequest(vehicleId, powerKw, energyKwh);
    }
}
