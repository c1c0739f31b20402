package io.smartgrid.balancer.placement;

import io.smartgrid.http.edge.ProblemException;
import io.smartgrid.http.edge.ProblemType;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/** No substation could take the request: answered as {@code 503} with {@code Retry-After}. */
class GridUnavailableException extends ProblemException {

    /** Whether substations answered but had no room, as opposed to none answering. */
    private final boolean full;
    private final Duration retryAfter;

    private GridUnavailableException(boolean full, Duration retryAfter) {
        super(full ? "grid full" : "grid unavailable");
        this.full = full;
        this.retryAfter = retryAfter;
    }

    static GridUnavailableException full(Duration retryAfter) {
        return new GridUnavailableException(true, retryAfter);
    }

    static GridUnavailableException unreachable(Duration retryAfter) {
        return new GridUnavailableException(false, retryAfter);
    }

    boolean isFull() {
        return full;
    }

    Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public ProblemDetail problem() {
        return full ? ProblemType.GRID_FULL.problem("No substation has headroom for this request now.")
                : ProblemType.GRID_UNAVAILABLE.problem("No substation could be reached.");
    }

    @Override
    public HttpHeaders headers() {
        return retryAfter(retryAfter);
    }
}
