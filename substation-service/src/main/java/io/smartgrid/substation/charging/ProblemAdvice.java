package io.smartgrid.substation.charging;

import io.smartgrid.http.edge.GridProblemAdvice;
import io.smartgrid.http.edge.ProblemType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every failure of this API as {@code application/problem+json}: the grid's problem answers
 * ({@link GridProblemAdvice}), and a change the station could not keep on disk, which is therefore not acknowledged.
 * "Full", "draining" and "not found" are not failures here but ordinary answers of the station, built by
 * {@link Problems}.
 */
@RestControllerAdvice
class ProblemAdvice extends GridProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(StorageUnavailableException.class)
    ResponseEntity<ProblemDetail> storageUnavailable(StorageUnavailableException ex) {
        log.warn("Not acknowledged: {}", ex.getMessage());
        return ResponseEntity.status(ProblemType.STORAGE_UNAVAILABLE.status()).header(HttpHeaders.RETRY_AFTER, "1")
                .body(ProblemType.STORAGE_UNAVAILABLE.problem(
                        "The substation cannot keep sessions on disk right now; nothing was acknowledged."));
    }
}
