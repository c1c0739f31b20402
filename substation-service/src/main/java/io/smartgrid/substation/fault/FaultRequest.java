package io.smartgrid.substation.fault;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The body of {@code POST /admin/faults}.
 *
 * @param durationSeconds how long the fault lasts; required in effect for {@link FaultMode#OUTAGE} (which closes
 *     the port the admin endpoint listens on, so only time can heal it) and defaulted to
 *     {@value #DEFAULT_OUTAGE_SECONDS} s there; without it, {@code HANG} and {@code ERROR} last until
 *     {@code DELETE /admin/faults}
 */
record FaultRequest(
        @NotNull(message = "is required: OUTAGE, HANG or ERROR")
        FaultMode mode,
        @Min(value = 1, message = "must be at least 1 second")
        @Max(value = 3600, message = "must be at most 3600 seconds")
        Integer durationSeconds) {

    static final int DEFAULT_OUTAGE_SECONDS = 30;
}
