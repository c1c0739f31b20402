package io.smartgrid.charge.charging;

import io.smartgrid.http.edge.ProblemType;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** How a public charge request ended: the {@code outcome} label of {@code charge_requests_total}. */
enum Outcome {

    /** A new session was started. */
    CREATED("created"),
    /** A new session joined a substation's waitlist (202): the car asked to wait and no substation had room. */
    WAITING("waiting"),
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

    /** How a request answered with this problem ended. */
    static Outcome of(ProblemDetail problem) {
        if (ProblemType.INVALID_REQUEST.is(problem.getType())) {
            return INVALID;
        }
        if (ProblemType.IDEMPOTENCY_KEY_REUSED.is(problem.getType())
                || ProblemType.IDEMPOTENCY_KEY_IN_PROGRESS.is(problem.getType())) {
            return IDEMPOTENCY_CONFLICT;
        }
        if (ProblemType.GRID_FULL.is(problem.getType())) {
            return GRID_FULL;
        }
        if (ProblemType.GRID_UNAVAILABLE.is(problem.getType())
                || ProblemType.STORAGE_UNAVAILABLE.is(problem.getType())) {
            return UNAVAILABLE;
        }
        if (problem.getStatus() == HttpStatus.NOT_FOUND.value()) {
            return NOT_FOUND;
        }
        return problem.getStatus() >= 400 && problem.getStatus() < 500 ? INVALID : ERROR;
    }
}
