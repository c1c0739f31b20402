package io.smartgrid.charge.web;

import java.util.List;

import org.springframework.http.ProblemDetail;

/** Bad input that was found outside of bean validation, such as a malformed header. */
public class InvalidRequestException extends ProblemException {

    private final List<FieldMessage> errors;

    public InvalidRequestException(List<FieldMessage> errors) {
        super("Invalid request: " + errors);
        this.errors = List.copyOf(errors);
    }

    public List<FieldMessage> errors() {
        return errors;
    }

    @Override
    public ProblemDetail problem() {
        return ProblemHandler.invalidRequest(errors);
    }

    @Override
    public Outcome outcome() {
        return Outcome.INVALID;
    }
}
