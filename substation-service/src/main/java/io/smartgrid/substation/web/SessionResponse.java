package io.smartgrid.substation.web;

import java.time.Instant;

import io.smartgrid.substation.charging.Session;

/** A session on the wire: the same shape at every layer of the grid. */
record SessionResponse(
        String sessionId,
        String vehicleId,
        String substationId,
        double powerKw,
        double energyKwh,
        double deliveredKwh,
        String status,
        Instant startedAt,
        Instant endedAt) {

    static SessionResponse from(Session session) {
        return new SessionResponse(session.sessionId(), session.vehicleId(), session.substationId(), session.powerKw(),
                session.energyKwh(), session.deliveredKwh(), session.status().name(), session.startedAt(),
                session.endedAt());
    }
}
