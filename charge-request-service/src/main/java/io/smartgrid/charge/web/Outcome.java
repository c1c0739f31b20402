package io.smartgrid.charge.web;

/** How a public charge request ended: the {@code outcome} label of {@code charge_requests_total}. */
public enum Outcome {

    /** A new session was started. */
    CREATED("created"),
    /** An {@code Idempotency-Key} was seen before: the earlier session was returned. */
    REPLAYED("replayed"),
    /** A session was read. */
    READ("read"),
    /** A session was stopped by its client. */
    STOPPED("stopped"),
    INVALID("invalid"),
    NOT_FOUND("not_found"),
    IDEMPOTENCY_CONFLICT("idempotency_conflict"),
    GRID_FULL("grid_full"),
    UNAVAILABLE("unavailable"),
    ERROR("error");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
