package io.smartgrid.charge.charging;

import java.time.Duration;

import io.smartgrid.http.edge.ProblemException;
import io.smartgrid.http.edge.ProblemType;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;

/** An answer that asks the client to come back: the problem, with its {@code Retry-After} in the header and body. */
abstract class TryAgainLaterException extends ProblemException {

    private final ProblemType type;
    private final String detail;
    private final Duration retryAfter;

    TryAgainLaterException(ProblemType type, String detail, Duration retryAfter, Throwable cause) {
        super(type.name() + ", retry after " + retryAfter, cause);
        this.type = type;
        this.detail = detail;
        this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public ProblemDetail problem() {
        ProblemDetail problem = type.problem(detail);
        problem.setProperty("retryAfterSeconds", retryAfterSeconds(retryAfter));
        return problem;
    }

    @Override
    public HttpHeaders headers() {
        return retryAfter(retryAfter);
    }
}
