package io.smartgrid.substation.charging;

/**
 * The answer to a request to charge: admitted, queued, already admitted, cancelled, draining, full or above the
 * ceiling. Each carries the load right after the decision.
 */
sealed interface Admission {

    LoadReport load();

    /** The session was admitted and is charging. */
    record Admitted(Session session, LoadReport load) implements Admission {
    }

    /**
     * A session with the requested id already exists, charging or ended: the request is a repeat, answered with that
     * session as it is now, and admits nothing.
     */
    record Existing(Session session, LoadReport load) implements Admission {
    }

    /**
     * The id was stopped before this start arrived (its sender had given up on it): nothing is admitted, so the
     * late start never charges without an owner.
     */
    record Cancelled(LoadReport load) implements Admission {
    }

    /** The station is draining: it admits nothing new, whatever its headroom. */
    record Draining(LoadReport load) implements Admission {
    }

    /**
     * The requested minimum did not fit, and the caller asked to wait: the session is on the waitlist and starts by
     * itself once its minimum fits.
     */
    record Queued(Session session, LoadReport load) implements Admission {
    }

    /** The requested minimum power does not fit beside the minimums of the sessions charging. */
    record Full(double requestedKw, LoadReport load) implements Admission {
    }

    /**
     * Admitting would have pushed the station's utilisation above the caller's ceiling: another substation is now
     * the better choice. Nothing is admitted; the load tells the caller how full this one really is.
     */
    record AboveCeiling(double requestedKw, double ceiling, LoadReport load) implements Admission {
    }
}
