package io.smartgrid.charge.charging;

import java.time.Instant;

import io.smartgrid.charge.client.BalancerSession;

/** A charging session as the public API shows it. */
record ChargeSession(String sessionId, String vehicleId, String substationId, double powerKw, double energyKwh,
        double deliveredKwh, String status, Instant startedAt, Instant endedAt) {

    static ChargeSession of(BalancerSession session) {
        return new ChargeSession(session.sessionId(), session.vehicleId(), session.substationId(), session.powerKw(),
                session.energyKwh(), session.deliveredKwh(), session.status(), session.startedAt(),
                session.endedAt());
    }
}
