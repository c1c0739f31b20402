package io.smartgrid.charge.client;

import io.smartgrid.http.edge.ProblemException;
import io.smartgrid.http.edge.ProblemType;
import org.springframework.http.ProblemDetail;

/** No session has the requested id, or the id cannot be one. */
public class SessionNotFoundException extends ProblemException {

    public SessionNotFoundException() {
        super("Session not found");
    }

    @Override
    public ProblemDetail problem() {
        return ProblemType.SESSION_NOT_FOUND.problem("No charging session has this id.");
    }
}
