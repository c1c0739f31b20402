package io.smartgrid.charge.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/**
 * An expected failure that has its own answer in the wire contract. The message is for logs only;
 * clients see {@link #problem()}.
 */
public abstract class ProblemException extends RuntimeException {

    protected ProblemException(String message, Throwable cause) {
        // No stack trace: these are answers, not bugs, and some are thrown under load.
        super(message, cause, false, false);
    }

    protected ProblemException(String message) {
        this(message, null);
    }

    /** The body sent to the client. */
    public abstract ProblemDetail problem();

    /** The label this failure is counted under. */
    public abstract Outcome outcome();

    /** Extra response headers, such as {@code Retry-After}. */
    public HttpHeaders headers() {
        return new HttpHeaders();
    }
}
