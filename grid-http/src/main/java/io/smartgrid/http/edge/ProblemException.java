package io.smartgrid.http.edge;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/**
 * An expected failure that has its own answer in the wire contract; {@link GridProblemAdvice} sends
 * {@link #problem()} with {@link #headers()}. The message is for logs only.
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

    /** Extra response headers, such as {@code Retry-After}. */
    public HttpHeaders headers() {
        return new HttpHeaders();
    }

    /** Whole seconds, rounded up: {@code Retry-After} has no fractions, and 0 would invite a hot retry loop. */
    public static long retryAfterSeconds(Duration retryAfter) {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    /** A {@code Retry-After} header of {@link #retryAfterSeconds(Duration)}. */
    protected static HttpHeaders retryAfter(Duration retryAfter) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(retryAfter)));
        return headers;
    }
}
