package io.smartgrid.charge.charging;

import java.time.Duration;

import io.smartgrid.http.edge.ProblemType;

/** The shared idempotency store cannot be read or written: 503 {@code storage-unavailable} with Retry-After. */
class IdempotencyStoreUnavailableException extends TryAgainLaterException {

    IdempotencyStoreUnavailableException(Duration retryAfter, Throwable cause) {
        super(ProblemType.STORAGE_UNAVAILABLE, "Idempotency keys cannot be checked right now; try again later.",
                retryAfter, cause);
    }
}
