package io.smartgrid.substation.charging;

import java.time.Instant;

/**
 * A session on the waitlist: what it asked for, when it joined and when it leaves unless it has started by then. It
 * never changes; once it starts it becomes an {@link ActiveSession} with the same id and arrival order.
 *
 * @param queuedAt when it joined the waitlist
 * @param leavesAt the earlier of {@code queuedAt} plus the maximum wait and its departure: it leaves the list then,
 *     {@code STOPPED} with nothing delivered, unless it has started
 * @param sequence the order of arrival: the waitlist's order under max-min, and the tie-break under least laxity
 */
record WaitingSession(
        String sessionId,
        String vehicleId,
        double powerKw,
        long maxMicroKw,
        long minMicroKw,
        double energyKwh,
        Instant departureAt,
        Instant queuedAt,
        Instant leavesAt,
        long sequence) {

    /** The session charging from {@code at} on, with the same request and arrival order. */
    ActiveSession startingAt(Instant at) {
        return new ActiveSession(sessionId, vehicleId, powerKw, maxMicroKw, minMicroKw, energyKwh, departureAt, at,
                sequence);
    }
}
