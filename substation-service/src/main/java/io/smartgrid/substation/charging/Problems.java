package io.smartgrid.substation.charging;

import io.smartgrid.http.edge.ProblemType;

import org.springframework.http.ProblemDetail;

/** The station's own answers that are problems: each carries the substation's {@code load}. */
final class Problems {

    private Problems() {
    }

    static ProblemDetail substationFull(double requestedKw, LoadReport load) {
        return withLoad(ProblemType.SUBSTATION_FULL.problem(
                "A minimum of " + requestedKw + " kW does not fit beside the minimums of the sessions charging within "
                        + "the capacity of " + load.capacityKw() + " kW."), load);
    }

    static ProblemDetail aboveCeiling(double requestedKw, double ceiling, LoadReport load) {
        return withLoad(ProblemType.ABOVE_CEILING.problem(
                "Admitting " + requestedKw + " kW would raise the utilisation above the ceiling of " + ceiling
                        + " that came with the request; nothing was admitted."), load);
    }

    static ProblemDetail substationDraining(LoadReport load) {
        return withLoad(ProblemType.SUBSTATION_DRAINING.problem(
                "The substation is draining: it takes no new sessions."), load);
    }

    static ProblemDetail sessionCancelled(LoadReport load) {
        return withLoad(ProblemType.SESSION_CANCELLED.problem(
                "This session id was stopped before its start arrived; nothing was admitted."), load);
    }

    static ProblemDetail sessionNotFound(LoadReport load) {
        return withLoad(ProblemType.SESSION_NOT_FOUND.problem("No such session at this substation."), load);
    }

    private static ProblemDetail withLoad(ProblemDetail problem, LoadReport load) {
        problem.setProperty("load", Load.from(load));
        return problem;
    }
}
