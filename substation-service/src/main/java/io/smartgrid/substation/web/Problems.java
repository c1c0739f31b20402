package io.smartgrid.substation.web;

import java.net.URI;
import java.util.List;

import io.smartgrid.substation.charging.LoadReport;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** The problem documents of this API, with the stable type URIs that clients switch on. */
final class Problems {

    static final URI INVALID_REQUEST = URI.create("urn:smart-grid:problem:invalid-request");
    static final URI SESSION_NOT_FOUND = URI.create("urn:smart-grid:problem:session-not-found");
    static final URI SUBSTATION_FULL = URI.create("urn:smart-grid:problem:substation-full");
    static final URI NOT_LEAST_LOADED = URI.create("urn:smart-grid:problem:not-least-loaded");
    static final URI UNAUTHORIZED = URI.create("urn:smart-grid:problem:unauthorized");
    static final URI SUBSTATION_DRAINING = URI.create("urn:smart-grid:problem:substation-draining");
    static final URI SESSION_CANCELLED = URI.create("urn:smart-grid:problem:session-cancelled");
    static final URI INTERNAL = URI.create("urn:smart-grid:problem:internal");
    static final URI STORAGE_UNAVAILABLE = URI.create("urn:smart-grid:problem:storage-unavailable");

    private Problems() {
    }

    static ProblemDetail invalidRequest(List<InvalidField> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request is invalid; see errors for each offending field.");
        problem.setType(INVALID_REQUEST);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }

    static ProblemDetail substationFull(double requestedKw, LoadReport load) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "Admitting " + requestedKw + " kW would exceed the capacity of " + load.capacityKw() + " kW.");
        problem.setType(SUBSTATION_FULL);
        problem.setTitle("Substation full");
        problem.setProperty("load", LoadResponse.from(load));
        return problem;
    }

    static ProblemDetail notLeastLoaded(double requestedKw, double maxUtilization, LoadReport load) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "Admitting " + requestedKw + " kW would raise the utilisation above the ceiling of " + maxUtilization
                        + " that came with the request; nothing was admitted.");
        problem.setType(NOT_LEAST_LOADED);
        problem.setTitle("Not the least loaded");
        problem.setProperty("load", LoadResponse.from(load));
        return problem;
    }

    static ProblemDetail substationDraining(LoadReport load) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The substation is draining: it takes no new sessions.");
        problem.setType(SUBSTATION_DRAINING);
        problem.setTitle("Substation draining");
        problem.setProperty("load", LoadResponse.from(load));
        return problem;
    }

    static ProblemDetail sessionCancelled(LoadReport load) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "This session id was stopped before its start arrived; nothing was admitted.");
        problem.setType(SESSION_CANCELLED);
        problem.setTitle("Session cancelled");
        problem.setProperty("load", LoadResponse.from(load));
        return problem;
    }

    static ProblemDetail sessionNotFound(LoadReport load) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No such session at this substation.");
        problem.setType(SESSION_NOT_FOUND);
        problem.setTitle("Session not found");
        problem.setProperty("load", LoadResponse.from(load));
        return problem;
    }

    static ProblemDetail internal() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The substation could not handle the request.");
        problem.setType(INTERNAL);
        problem.setTitle("Internal error");
        return problem;
    }

    /** The change could not be kept on disk, so it is not acknowledged; the substation admits nothing meanwhile. */
    static ProblemDetail storageUnavailable() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The substation cannot keep sessions on disk right now; nothing was acknowledged.");
        problem.setType(STORAGE_UNAVAILABLE);
        problem.setTitle("Storage unavailable");
        return problem;
    }
}
