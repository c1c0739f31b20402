package io.smartgrid.balancer.placement;

import io.smartgrid.http.edge.ProblemException;
import io.smartgrid.http.edge.ProblemType;
import org.springframework.http.ProblemDetail;

/** The session id is malformed, names no configured substation, or its substation does not know it. */
class SessionNotFoundException extends ProblemException {

    SessionNotFoundException() {
        super("session not found");
    }

    @Override
    public ProblemDetail problem() {
        return ProblemType.SESSION_NOT_FOUND.problem("No such charging session.");
    }
}
