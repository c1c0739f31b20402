package io.smartgrid.balancer;

import io.smartgrid.http.edge.GridProblemAdvice;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every error this service answers, as {@code application/problem+json} with a stable {@code type}: the grid's
 * problem answers ({@link GridProblemAdvice}); this service's own failures are {@code placement.GridUnavailableException} and
 * {@code placement.SessionNotFoundException}, which describe themselves.
 */
@RestControllerAdvice
class ProblemAdvice extends GridProblemAdvice {
}
