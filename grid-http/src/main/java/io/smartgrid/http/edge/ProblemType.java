package io.smartgrid.http.edge;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Every problem type of the grid's wire contract, in one place: its stable {@code type} URI, the status it answers
 * with and its title. Clients switch on the URI, so none of these may ever change; a type that is renamed keeps
 * recognising its former URI ({@link #is}) for as long as peers of the previous version may still send it.
 */
public enum ProblemType {

    INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "Invalid request"),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized"),
    SESSION_NOT_FOUND("session-not-found", HttpStatus.NOT_FOUND, "Session not found"),
    SUBSTATION_NOT_FOUND("substation-not-found", HttpStatus.NOT_FOUND, "Substation not found"),
    SUBSTATION_FULL("substation-full", HttpStatus.CONFLICT, "Substation full"),
    /** Substation only: admitting would take it above the ceiling the start carried. Formerly not-least-loaded. */
    ABOVE_CEILING("above-ceiling", HttpStatus.CONFLICT, "Above the ceiling", "not-least-loaded"),
    SUBSTATION_DRAINING("substation-draining", HttpStatus.CONFLICT, "Substation draining"),
    SESSION_CANCELLED("session-cancelled", HttpStatus.CONFLICT, "Session cancelled"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused"),
    IDEMPOTENCY_KEY_IN_PROGRESS("idempotency-key-in-progress", HttpStatus.CONFLICT, "Idempotency key in progress"),
    GRID_FULL("grid-full", HttpStatus.SERVICE_UNAVAILABLE, "Grid full"),
    GRID_UNAVAILABLE("grid-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Grid unavailable"),
    STORAGE_UNAVAILABLE("storage-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Storage unavailable"),
    INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private static final String PREFIX = "urn:smart-grid:problem:";

    private final URI uri;
    private final HttpStatus status;
    private final String title;
    private final String formerUri;

    ProblemType(String name, HttpStatus status, String title) {
        this(name, status, title, null);
    }

    ProblemType(String name, HttpStatus status, String title, String formerName) {
        this.uri = URI.create(PREFIX + name);
        this.status = status;
        this.title = title;
        this.formerUri = formerName == null ? null : PREFIX + formerName;
    }

    public URI uri() {
        return uri;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /**
     * Whether a problem (or a peer's problem body's {@code type}) is of this type, under its URI or its former one
     * (sent by peers of the previous version during a rolling upgrade).
     */
    public boolean is(Object type) {
        return type != null && (uri.toString().equals(type.toString()) || type.toString().equals(formerUri));
    }

    /** A fresh problem of this type; the detail must never carry an exception message or anything a caller sent. */
    public ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(uri);
        problem.setTitle(title);
        return problem;
    }
}
