package io.smartgrid.charge.client;

import java.time.Duration;

import io.smartgrid.http.edge.ProblemException;
import io.smartgrid.http.edge.ProblemType;
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
        problem.setProperty("retryAfterSeconds", retryAfterSeconds(retryAfter));
        return problem;
    }

    @Override
    public HttpHeaders headers() {
        return retryAfter(retryAfter);
    }
}
