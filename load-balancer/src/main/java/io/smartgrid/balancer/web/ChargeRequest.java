package io.smartgrid.balancer.web;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The body of {@code POST /sessions}, validated exactly like the public {@code POST /charge}.
 *
 * @param powerKw   power to draw; 11 kW (a common wallbox) when absent
 * @param energyKwh energy to deliver; 20 kWh when absent
 */
record ChargeRequest(
        @NotNull @Pattern(regexp = "^[A-Za-z0-9._-]{1,64}$", message = "must be 1 to 64 of A-Z a-z 0-9 . _ -")
        String vehicleId,
        @DecimalMin("1") @DecimalMax("350") Double powerKw,
        @DecimalMin("0.1") @DecimalMax("200") Double energyKwh) {

    static final double DEFAULT_POWER_KW = 11;
    static final double DEFAULT_ENERGY_KWH = 20;

    ChargeRequest {
        powerKw = powerKw == null ? DEFAULT_POWER_KW : powerKw;
        energyKwh = energyKwh == null ? DEFAULT_ENERGY_KWH : energyKwh;
    }
}
