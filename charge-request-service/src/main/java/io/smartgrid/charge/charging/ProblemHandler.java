package io.smartgrid.charge.charging;

import jakarta.servlet.http.HttpServletRequest;

import io.smartgrid.http.edge.GridProblemAdvice;
import io.smartgrid.http.edge.ProblemType;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The grid's problem answers ({@link GridProblemAdvice}), counted for charge requests, with the public API's own
 * {@code 404}: whatever under {@code /charge} names no session is {@code session-not-found}.
 */
@RestControllerAdvice
class ProblemHandler extends GridProblemAdvice {

    /** Requests under this path are charge requests; only they are counted. */
    private static final String CHARGE_PATH = "/charge";

    private final ChargeMetrics metrics;

    ProblemHandler(ChargeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected ProblemDetail answer(HttpServletRequest request, ProblemDetail problem) {
        if (!isChargeRequest(request)) {
            return problem;
        }
        ProblemDetail answer = problem;
        if (problem.getStatus() == HttpStatus.NOT_FOUND.value() && !ProblemType.SESSION_NOT_FOUND.is(problem.getType())) {
            // Whatever does not even match /charge/{sessionId} names no session.
            answer = ProblemType.SESSION_NOT_FOUND.problem("No charging session has this id.");
        }
        metrics.record(Outcome.of(answer));
        return answer;
    }

    private static boolean isChargeRequest(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals(CHARGE_PATH) || path.startsWith(CHARGE_PATH + "/");
    }
}
