package io.smartgrid.charge.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** The stable problem types of the grid's wire contract, with the status each one answers with. */
public enum ProblemType {

    INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "Invalid request"),
    SESSION_NOT_FOUND("session-not-found", HttpStatus.NOT_FOUND, "Session not found"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused"),
    GRID_FULL("grid-full", HttpStatus.SERVICE_UNAVAILABLE, "Grid full"),
    GRID_UNAVAILABLE("grid-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Grid unavailable"),
    INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final URI uri;
    private final HttpStatus status;
    private final String title;

    ProblemType(String name, HttpStatus status, String title) {
        this.uri = URI.create("urn:smart-grid:problem:" + name);
        this.status = status;
        this.title = title;
    }

    public URI uri() {
        return uri;
    }

    public HttpStatus status() {
        return status;
    }

    /** A fresh problem of this type; the detail must never carry an exception message. */
    public ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(uri);
        problem.setTitle(title);
        return problem;
    }
}
