package io.smartgrid.balancer.web;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

/**
 * Every error this service answers, as {@code application/problem+json} with a stable {@code type}. A 5xx never
 * carries an exception message: callers get the type, operators get the log.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    static final URI INVALID_REQUEST = URI.create("urn:smart-grid:problem:invalid-request");
    static final URI SESSION_NOT_FOUND = URI.create("urn:smart-grid:problem:session-not-found");
    static final URI GRID_FULL = URI.create("urn:smart-grid:problem:grid-full");
    static final URI GRID_UNAVAILABLE = URI.create("urn:smart-grid:problem:grid-unavailable");
    static final URI INTERNAL = URI.create("urn:smart-grid:problem:internal");

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    /** One offending field of a bad request. */
    record FieldProblem(String field, String message) {
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldProblem(error.getField(), message(error)))
                .sorted(Comparator.comparing(FieldProblem::field))
                .toList();
        return invalid(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return invalid(List.of(unreadable(ex)));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> gridUnavailable(GridUnavailableException ex) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.SERVICE_UNAVAILABLE);
        if (ex.isFull()) {
            problem.setType(GRID_FULL);
            problem.setTitle("Grid full");
            problem.setDetail("No substation has headroom for this request now.");
        }
        else {
            problem.setType(GRID_UNAVAILABLE);
            problem.setTitle("Grid unavailable");
            problem.setDetail("No substation could be reached.");
        }
        long seconds = Math.max(1, (ex.retryAfter().toMillis() + 999) / 1000);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> sessionNotFound(SessionNotFoundException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such charging session.");
        problem.setType(SESSION_NOT_FOUND);
        problem.setTitle("Session not found");
        return problem(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        log.error("Unexpected error", ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The balancer could not handle this request.");
        problem.setType(INTERNAL);
        problem.setTitle("Internal error");
        return problem(problem);
    }

    private static ResponseEntity<Object> invalid(List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid "
                + errors.stream().map(FieldProblem::field).distinct().collect(Collectors.joining(", ")) + ".");
        problem.setType(INVALID_REQUEST);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String message(FieldError error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    /** Names the field a body could not be read at; the whole body when it is not JSON at all. */
    private static FieldProblem unreadable(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        while (cause != null && !(cause instanceof JacksonException)) {
            cause = cause.getCause();
        }
        if (cause instanceof JacksonException jackson && !(jackson instanceof StreamReadException)) {
            String field = jackson.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null
                            ? reference.getPropertyName() : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining("."));
            if (!field.isEmpty()) {
                return new FieldProblem(field, "has the wrong type");
            }
        }
        return new FieldProblem("body", cause == null ? "is missing" : "is not valid JSON");
    }
}
