package io.smartgrid.balancer.web;

import java.time.Duration;

/** No substation could take the request: answered as {@code 503} with {@code Retry-After}. */
class GridUnavailableException extends RuntimeException {

    /** Whether substations answered but had no room, as opposed to none answering. */
    private final boolean full;
    private final Duration retryAfter;

    private GridUnavailableException(boolean full, Duration retryAfter) {
        super(full ? "grid full" : "grid unavailable", null, false, false);
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
}
