package io.smartgrid.charge.charging;

import java.time.Instant;

import io.smartgrid.charge.client.BalancerSession;
import io.swagger.v3.oas.annotations.media.Schema;

/** A charging session as the public API shows it. */
@Schema(requiredProperties = { "sessionId", "vehicleId", "substationId", "powerKw", "energyKwh", "deliveredKwh",
        "status", "startedAt" })
record ChargeSession(
        @Schema(example = "substation-2.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11") String sessionId,
        String vehicleId,
        @Schema(example = "substation-2") String substationId,
        double powerKw,
        double energyKwh,
        @Schema(description = "Energy delivered so far, kWh, on the simulated clock") double deliveredKwh,
        @Schema(description = "WAITING on a substation's waitlist (only when the client asked to wait), CHARGING, "
                + "COMPLETED, or STOPPED by the client (a waiting session that was cancelled, or that left the "
                + "waitlist at its maximum wait or departure, is STOPPED with nothing delivered)",
                allowableValues = { "WAITING", "CHARGING", "COMPLETED", "STOPPED" }) String status,
        @Schema(description = "When it began charging; null while waiting, and for a session that never started",
                nullable = true)
        Instant startedAt,
        @Schema(description = "When it completed or was stopped; null while charging or waiting", nullable = true)
        Instant endedAt,
        @Schema(description = "The least it charges at, kW", nullable = true) Double minPowerKw,
        @Schema(description = "When the driver said the car leaves; null when not said", nullable = true)
        Instant departureAt,
        @Schema(description = "The power it is given now, kW: powerKw while power suffices, a share of the "
                + "substation's capacity when it is short, 0 once ended", nullable = true)
        Double allocatedKw,
        @Schema(description = "When its energy will be delivered if its power stays as it is now; null once ended",
                nullable = true)
        Instant estimatedCompletionAt,
        @Schema(description = "While WAITING, its place on the substation's waitlist, 1 first; null otherwise",
                nullable = true, minimum = "1")
        Integer position,
        @Schema(description = "While WAITING, when its minimum power is expected to fit, if the sessions charging "
                + "complete as their power now says; null otherwise, or when nothing in sight frees enough",
                nullable = true)
        Instant estimatedStartAt) {

    static ChargeSession of(BalancerSession session) {
        return new ChargeSession(session.sessionId(), session.vehicleId(), session.substationId(), session.powerKw(),
                session.energyKwh(), session.deliveredKwh(), session.status(), session.startedAt(),
                session.endedAt(), session.minPowerKw(), session.departureAt(), session.allocatedKw(),
                session.estimatedCompletionAt(), session.position(), session.estimatedStartAt());
    }
}
