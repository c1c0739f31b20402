package io.smartgrid.http.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

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
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error a grid service answers from its controllers, as {@code application/problem+json} with a stable
 * {@code type}: a {@link ProblemException} as it describes itself, bad input as {@code invalid-request} naming each
 * offending field, an unsupported media type (multipart included) as {@code 415}, whatever Spring MVC detects as its
 * own problem, and anything unexpected as a {@code 500} that never carries an exception message. Each service's
 * {@code @RestControllerAdvice} extends it; {@link #answer} lets one look at, count or replace every answer.
 */
public abstract class GridProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GridProblemAdvice.class);

    private static final String BODY = "body";

    /** Called with every problem this advice answers; returns the one to send (by default the same). */
    protected ProblemDetail answer(HttpServletRequest request, ProblemDetail problem) {
        return problem;
    }

    @ExceptionHandler(ProblemException.class)
    protected ResponseEntity<ProblemDetail> handleProblem(ProblemException ex, HttpServletRequest request) {
        return respond(request, ex.problem(), ex.headers());
    }

    @ExceptionHandler(Exception.class)
    protected ResponseEntity<ProblemDetail> handleUnexpected(Exception ex, HttpServletRequest request) {
        log.error("Unexpected failure of {} {}", request.getMethod(), request.getRequestURI(), ex);
        return respond(request, ProblemType.INTERNAL.problem("The request could not be processed."), new HttpHeaders());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, InvalidRequestException.problem(invalidFields(ex)), headers,
                HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(ex, InvalidRequestException.problem(List.of(unreadable(ex))), headers,
                HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleHttpMediaTypeNotSupported(ex, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            // Spring's own detail repeats the Content-Type the caller sent.
            problem.setDetail("This Content-Type is not supported: send application/json.");
        }
        return response;
    }

    /**
     * Every framework-detected failure passes here. A bare {@code 400} (a missing header, a type mismatch) becomes
     * an invalid-request problem like any other bad input.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, status, request);
        if (response == null || !(response.getBody() instanceof ProblemDetail problem)
                || !(request instanceof ServletWebRequest servlet)) {
            return response;
        }
        if (status.value() == HttpStatus.BAD_REQUEST.value() && problem.getProperties() == null) {
            problem = InvalidRequestException.problem(List.of(new InvalidField("request", "is malformed")));
        }
        ProblemDetail answered = answer(servlet.getRequest(), problem);
        return ResponseEntity.status(answered.getStatus()).headers(response.getHeaders()).body(answered);
    }

    private ResponseEntity<ProblemDetail> respond(HttpServletRequest request, ProblemDetail problem,
            HttpHeaders headers) {
        ProblemDetail answered = answer(request, problem);
        return ResponseEntity.status(answered.getStatus()).headers(headers).body(answered);
    }

    /** One entry per field, even when a value breaks several constraints (NaN is neither >= 1 nor <= 350). */
    static List<InvalidField> invalidFields(MethodArgumentNotValidException ex) {
        Map<String, TreeSet<String>> messages = new TreeMap<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            messages.computeIfAbsent(error.getField(), field -> new TreeSet<>()).add(message(error));
        }
        List<InvalidField> errors = new ArrayList<>();
        messages.forEach((field, texts) -> errors.add(new InvalidField(field, String.join("; ", texts))));
        for (ObjectError error : ex.getBindingResult().getGlobalErrors()) {
            errors.add(new InvalidField(BODY, message(error)));
        }
        return errors.isEmpty() ? List.of(new InvalidField(BODY, "is invalid")) : errors;
    }

    private static String message(ObjectError error) {
        return error.getDefaultMessage() != null ? error.getDefaultMessage() : "is invalid";
    }

    /**
     * Names the field a JSON body could not be read at, from the parser's path; in words of our own, because the
     * parser's mention internal class names.
     */
    static InvalidField unreadable(HttpMessageNotReadableException ex) {
        JacksonException json = null;
        for (Throwable cause = ex.getCause(); cause != null && json == null; cause = cause.getCause()) {
            json = cause instanceof JacksonException jackson ? jackson : null;
        }
        if (json == null) {
            return new InvalidField(BODY, "is required and must be a JSON object");
        }
        String field = path(json);
        if (json instanceof StreamReadException) {
            return new InvalidField(field.isEmpty() ? BODY : field, "is not valid JSON");
        }
        if (field.isEmpty()) {
            return new InvalidField(BODY, "must be a JSON object");
        }
        if (json instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new InvalidField(field, expected(mismatch.getTargetType()));
        }
        return new InvalidField(field, "has the wrong type");
    }

    private static String expected(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "must be a number";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "must be a string";
        }
        return "has the wrong type";
    }

    private static String path(JacksonException json) {
        StringJoiner path = new StringJoiner(".");
        for (JacksonException.Reference reference : json.getPath()) {
            if (reference.getPropertyName() != null) {
                path.add(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.add("[" + reference.getIndex() + "]");
            }
        }
        return path.toString();
    }
}
