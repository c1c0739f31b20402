package io.smartgrid.substation.web;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

import io.smartgrid.substation.charging.StorageUnavailableException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into {@code application/problem+json}. Bad input names each offending field;
 * anything unexpected becomes a generic 500 that never carries an exception message or stack trace.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private static final String BODY = "body";

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // One entry per field, even when a value breaks several constraints (NaN is neither >= 1 nor <= 350).
        Map<String, String> messages = ex.getBindingResult().getFieldErrors().stream()
                .collect(Collectors.groupingBy(FieldError::getField, TreeMap::new,
                        Collectors.mapping(ApiExceptionHandler::message,
                                Collectors.collectingAndThen(Collectors.toCollection(TreeSet::new),
                                        set -> String.join("; ", set)))));
        List<InvalidField> errors = messages.entrySet().stream()
                .map(entry -> new InvalidField(entry.getKey(), entry.getValue()))
                .toList();
        if (errors.isEmpty()) {
            errors = List.of(new InvalidField(BODY, "is invalid"));
        }
        return badRequest(errors, headers);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return badRequest(List.of(unreadable(ex)), headers);
    }

    private static String message(FieldError error) {
        return error.getDefaultMessage() != null ? error.getDefaultMessage() : "is invalid";
    }

    @ExceptionHandler(StorageUnavailableException.class)
    ResponseEntity<ProblemDetail> storageUnavailable(StorageUnavailableException ex) {
        log.warn("Not acknowledged: {}", ex.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(Problems.storageUnavailable());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        log.error("Request failed unexpectedly", ex);
        return ResponseEntity.of(Problems.internal()).build();
    }

    private static ResponseEntity<Object> badRequest(List<InvalidField> errors, HttpHeaders headers) {
        ProblemDetail problem = Problems.invalidRequest(errors);
        return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
    }

    /**
     * Names the field that Jackson could not read, from the exception's path; our own messages only,
     * because Jackson's mention internal class names.
     */
    private static InvalidField unreadable(HttpMessageNotReadableException ex) {
        JacksonException jackson = jacksonCause(ex);
        if (jackson == null) {
            return new InvalidField(BODY, "is required and must be a JSON object");
        }
        String path = path(jackson.getPath());
        if (jackson instanceof StreamReadException) {
            return new InvalidField(path.isEmpty() ? BODY : path, "must be well-formed JSON");
        }
        if (path.isEmpty()) {
            return new InvalidField(BODY, "must be a JSON object");
        }
        if (jackson instanceof MismatchedInputException mismatch) {
            return new InvalidField(path, expected(mismatch.getTargetType()));
        }
        return new InvalidField(path, "has an invalid value");
    }

    private static JacksonException jacksonCause(Throwable ex) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson) {
                return jackson;
            }
        }
        return null;
    }

    private static String path(List<JacksonException.Reference> references) {
        StringJoiner path = new StringJoiner(".");
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.add(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.add("[" + reference.getIndex() + "]");
            }
        }
        return path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "must be a number";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "must be a string";
        }
        return "has the wrong type";
    }
}
