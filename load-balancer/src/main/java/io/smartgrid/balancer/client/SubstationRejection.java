package io.smartgrid.balancer.client;

/**
 * A definite "no" from a substation (full, above the ceiling, unknown session, or stopping), as opposed to a failure.
 * Thrown by the error decoder only to carry the reply out of Feign, so it skips the stack trace.
 */
final class SubstationRejection extends RuntimeException {

    enum Kind {
        FULL, ABOVE_CEILING, NOT_FOUND,
        /** A stopping substation refused the call before any handler saw it ({@code 503 grid-unavailable}). */
        STOPPING
    }

    private final Kind kind;
    private final transient Load load;

    SubstationRejection(Kind kind, Load load) {
        super(kind.name(), null, false, false);
        this.kind = kind;
        this.load = load;
    }

    Kind kind() {
        return kind;
    }

    Load load() {
        return load;
    }
}
