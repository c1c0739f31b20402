package io.smartgrid.substation.charging;

import java.time.Instant;

/** A session that is drawing power, with the real instant at which its energy will be delivered. */
record ActiveSession(
        String sessionId,
        String vehicleId,
        double powerKw,
        long powerMicroKw,
        double energyKwh,
        Instant startedAt,
        Instant completesAt,
        long sequence) {

    Session toSession(String substationId, double deliveredKwh, SessionStatus status, Instant endedAt) {
        return new Session(sessionId, vehicleId, substationId, powerKw, energyKwh, deliveredKwh, status, startedAt,
                endedAt);
    }
}
