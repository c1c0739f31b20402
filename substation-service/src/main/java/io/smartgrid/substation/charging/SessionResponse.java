package io.smartgrid.substation.charging;

import java.time.Instant;

/**
 * A session on the wire: the same shape at every layer of the grid. {@code powerKw} is the most it draws,
 * {@code allocatedKw} what it is given now; {@code departureAt} and {@code estimatedCompletionAt} are null when
 * unknown (no departure said; ended or paused). While it is {@code WAITING}, {@code position} is its place on the
 * waitlist (1 first) and {@code estimatedStartAt} when its minimum is expected to fit; both are null otherwise.
 */
record SessionResponse(
        String sessionId,
        String vehicleId,
        String substationId,
        double powerKw,
        double energyKwh,
        double deliveredKwh,
        String status,
        Instant startedAt,
        Instant endedAt,
        double minPowerKw,
        Instant departureAt,
        double allocatedKw,
        Instant estimatedCompletionAt,
        Integer position,
        Instant estimatedStartAt) {

    static SessionResponse from(Session session) {
        return new SessionResponse(session.sessionId(), session.vehicleId(), session.substationId(), session.powerKw(),
                session.energyKwh(), session.deliveredKwh(), session.status().name(), session.startedAt(),
                session.endedAt(), session.minPowerKw(), session.departureAt(), session.allocatedKw(),
                session.estimatedCompletionAt(), session.position(), session.estimatedStartAt());
    }
}
