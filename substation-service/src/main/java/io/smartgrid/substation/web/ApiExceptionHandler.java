package io.smartgrid.substation.web;

import io.smartgrid.http.edge.GridProblemAdvice;

import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every failure of this API as {@code application/problem+json}: the grid's problem answers
 * ({@link GridProblemAdvice}). "Full", "draining" and "not found" are not failures here but ordinary answers of
 * the station, built by {@link Problems}.
 */
@RestControllerAdvice
class ApiExceptionHandler extends GridProblemAdvice {
}
