package io.smartgrid.http.edge;

import java.util.List;

import org.springframework.http.ProblemDetail;

/** Bad input found outside bean validation (a malformed header, a field only the service can judge). */
public class InvalidRequestException extends ProblemException {

    private final List<InvalidField> errors;

    public InvalidRequestException(List<InvalidField> errors) {
        super("Invalid request: " + errors);
        this.errors = List.copyOf(errors);
    }

    public List<InvalidField> errors() {
        return errors;
    }

    @Override
    public ProblemDetail problem() {
        return problem(errors);
    }

    /** The invalid-request problem naming every offending field. */
    public static ProblemDetail problem(List<InvalidField> errors) {
        ProblemDetail problem = ProblemType.INVALID_REQUEST.problem(
                "The request is invalid; see errors for each offending field.");
        problem.setProperty("errors", errors);
        return problem;
    }
}
