package io.smartgrid.charge.charging;

import java.time.Duration;

import io.smartgrid.http.edge.ProblemType;

/**
 * A request with this {@code Idempotency-Key} is still being served by another replica, and did not finish while
 * this one waited: answered with 409 and {@code Retry-After}, as the IETF Idempotency-Key draft asks.
 */
class IdempotencyKeyInProgressException extends TryAgainLaterException {

    IdempotencyKeyInProgressException(Duration retryAfter) {
        super(ProblemType.IDEMPOTENCY_KEY_IN_PROGRESS,
                "A request with this Idempotency-Key is still being served; try again later.", retryAfter, null);
    }
}
