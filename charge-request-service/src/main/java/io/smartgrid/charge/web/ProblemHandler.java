package io.smartgrid.charge.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into {@code application/problem+json} with a stable type, and counts it.
 * Nothing here ever copies an exception message into a response.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    /** Requests under this path are charge requests; only they are counted. */
    private static final String CHARGE_PATH = "/charge";

    private final ChargeMetrics metrics;

    ProblemHandler(ChargeMetrics metrics) {
        this.metrics = metrics;
    }

    static ProblemDetail invalidRequest(List<FieldMessage> errors) {
        ProblemDetail problem = ProblemType.INVALID_REQUEST.problem("The request has invalid fields.");
        problem.setProperty("errors", errors);
        return problem;
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> handleProblem(ProblemException ex, HttpServletRequest request) {
        if (isChargeRequest(request)) {
            metrics.record(ex.outcome());
        }
        ProblemDetail problem = ex.problem();
        return ResponseEntity.status(problem.getStatus()).headers(ex.headers()).body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception ex, HttpServletRequest request) {
        log.error("Unexpected failure of {} {}", request.getMethod(), request.getRequestURI(), ex);
        if (isChargeRequest(request)) {
            metrics.record(Outcome.ERROR);
        }
        ProblemDetail problem = ProblemType.INTERNAL.problem("The request could not be processed.");
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldMessage> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(new FieldMessage(error.getField(), error.getDefaultMessage()));
        }
        for (ObjectError error : ex.getBindingResult().getGlobalErrors()) {
            errors.add(new FieldMessage("body", error.getDefaultMessage()));
        }
        return handleExceptionInternal(ex, invalidRequest(errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, invalidRequest(List.of(unreadable(ex))), headers,
                HttpStatus.BAD_REQUEST, request);
    }

    /** Names the field a JSON body could not be read at, in words of our own rather than the parser's. */
    static FieldMessage unreadable(HttpMessageNotReadableException ex) {
        JacksonException json = findCause(ex, JacksonException.class);
        if (json == null) {
            return new FieldMessage("body", "is required and must be a JSON object");
        }
        String field = path(json);
        if (json instanceof StreamReadException) {
            return new FieldMessage(field.isEmpty() ? "body" : field, "is not valid JSON");
        }
        if (field.isEmpty()) {
            return new FieldMessage("body", "must be a JSON object");
        }
        if (json instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new FieldMessage(field, describe(mismatch.getTargetType()));
        }
        return new FieldMessage(field, "has the wrong type");
    }

    private static String describe(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "must be a number";
        }
        if (type == String.class) {
            return "must be a string";
        }
        return "has the wrong type";
    }

    private static String path(JacksonException json) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : json.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /**
     * Every framework-detected failure passes here: it gets the contract's problem types and is counted.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, status, request);
        boolean chargeRequest = request instanceof ServletWebRequest servlet && isChargeRequest(servlet.getRequest());
        if (chargeRequest) {
            metrics.record(outcomeOf(status));
        }
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            if (status.value() == HttpStatus.NOT_FOUND.value() && chargeRequest) {
                // Whatever does not even match /charge/{sessionId} names no session.
                ProblemDetail notFound = ProblemType.SESSION_NOT_FOUND.problem("No charging session has this id.");
                return ResponseEntity.status(status).headers(response.getHeaders()).body(notFound);
            }
            if (status.value() == HttpStatus.BAD_REQUEST.value() && problem.getProperties() == null) {
                ProblemDetail invalid = invalidRequest(List.of(new FieldMessage("request", "is malformed")));
                return ResponseEntity.status(status).headers(response.getHeaders()).body(invalid);
            }
        }
        return response;
    }

    private static Outcome outcomeOf(HttpStatusCode status) {
        if (status.value() == HttpStatus.NOT_FOUND.value()) {
            return Outcome.NOT_FOUND;
        }
        return status.is4xxClientError() ? Outcome.INVALID : Outcome.ERROR;
    }

    private static boolean isChargeRequest(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals(CHARGE_PATH) || path.startsWith(CHARGE_PATH + "/");
    }
}
