package io.smartgrid.charge.charging;

import io.smartgrid.http.edge.ProblemException;
import io.smartgrid.http.edge.ProblemType;
import org.springframework.http.ProblemDetail;

/** An {@code Idempotency-Key} came back with a different request than the one it was first used for. */
class IdempotencyKeyReusedException extends ProblemException {

    IdempotencyKeyReusedException() {
        super("Idempotency key reused with a different request");
    }

    @Override
    public ProblemDetail problem() {
        return ProblemType.IDEMPOTENCY_KEY_REUSED.problem(
                "This Idempotency-Key was already used for a different charge request.");
    }
}
