package io.smartgrid.charge.client;

import java.time.Duration;

import io.smartgrid.charge.web.Outcome;
import io.smartgrid.charge.web.ProblemException;
import io.smartgrid.charge.web.ProblemType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/** The grid cannot take the request now: full, or nothing reachable. Answered with 503 and Retry-After. */
public class GridUnavailableException extends ProblemException {

    private final ProblemType type;
    private final Duration retryAfter;

    /**
     * @param type       {@link ProblemType#GRID_FULL} or {@link ProblemType#GRID_UNAVAILABLE}
     * @param retryAfter when the client should try again
     */
    public GridUnavailableException(ProblemType type, Duration retryAfter, Throwable cause) {
        super(type.name() + ", retry after " + retryAfter, cause);
        if (type != ProblemType.GRID_FULL && type != ProblemType.GRID_UNAVAILABLE) {
            throw new IllegalArgumentException("Not a grid problem: " + type);
        }
        this.type = type;
        this.retryAfter = retryAfter;
    }

    public ProblemType type() {
        return type;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public ProblemDetail problem() {
        ProblemDetail problem = type.problem(type == ProblemType.GRID_FULL
                ? "No substation has headroom for this request right now."
                : "No substation can be reached right now.");
        problem.setProperty("retryAfterSeconds", retryAfterSeconds());
        return problem;
    }

    @Override
    public Outcome outcome() {
        return type == ProblemType.GRID_FULL ? Outcome.GRID_FULL : Outcome.UNAVAILABLE;
    }

    @Override
    public HttpHeaders headers() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds()));
        return headers;
    }

    /** Whole seconds, rounded up: Retry-After has no fractions, and 0 would invite a hot retry loop. */
    private long retryAfterSeconds() {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
