package io.smartgrid.substation.charging;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;

import io.smartgrid.http.edge.InvalidField;
import io.smartgrid.http.edge.InvalidRequestException;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The substation's internal API, called by the load balancer. "Full", "above the ceiling" and "not found" are
 * ordinary answers of the station, not exceptions: a full substation is the balancer's everyday signal to try
 * the next one.
 */
@RestController
class SessionController {

    private final ChargingStation station;

    SessionController(ChargingStation station) {
        this.station = station;
    }

    @PostMapping("/sessions")
    ResponseEntity<?> start(@Valid @RequestBody StartSession request) {
        List<InvalidField> invalid = new ArrayList<>();
        if (request.sessionId() != null && !station.ownsSessionId(request.sessionId())) {
            invalid.add(new InvalidField("sessionId", StartSession.SESSION_ID_MESSAGE));
        }
        if (!request.minimumWithinMaximum()) {
            invalid.add(new InvalidField("minPowerKw", StartSession.MIN_POWER_MESSAGE));
        }
        if (!invalid.isEmpty()) {
            throw new InvalidRequestException(invalid);
        }
        double powerKw = request.powerKwOrDefault();
        Admission admission = station.admit(request.sessionId(), request.vehicleId(), powerKw,
                request.minPowerKw() != null ? request.minPowerKw() : station.defaultMinPowerKw(powerKw),
                request.energyKwhOrDefault(), request.departureAt(), request.ceilingOrNone(),
                request.mayWait());
        if (admission instanceof Admission.Admitted admitted) {
            return ResponseEntity.created(URI.create("/sessions/" + admitted.session().sessionId()))
                    .body(SessionReply.of(admitted.session(), admitted.load()));
        }
        if (admission instanceof Admission.Queued queued) {
            return ResponseEntity.accepted().location(URI.create("/sessions/" + queued.session().sessionId()))
                    .body(SessionReply.of(queued.session(), queued.load()));
        }
        if (admission instanceof Admission.Existing existing && existing.session().status() == SessionStatus.WAITING) {
            // A repeat of a start that is still waiting: accepted again, nothing queued twice.
            return ResponseEntity.accepted().location(URI.create("/sessions/" + existing.session().sessionId()))
                    .body(SessionReply.of(existing.session(), existing.load()));
        }
        if (admission instanceof Admission.Existing existing) {
            // A retry, or a duplicate that arrived late: the session it admitted, and nothing admitted twice.
            return ResponseEntity.ok(SessionReply.of(existing.session(), existing.load()));
        }
        if (admission instanceof Admission.Cancelled cancelled) {
            return problem(Problems.sessionCancelled(cancelled.load()));
        }
        if (admission instanceof Admission.Draining draining) {
            return problem(Problems.substationDraining(draining.load()));
        }
        if (admission instanceof Admission.AboveCeiling aboveCeiling) {
            return problem(Problems.aboveCeiling(aboveCeiling.requestedKw(), aboveCeiling.ceiling(),
                    aboveCeiling.load()));
        }
        Admission.Full full = (Admission.Full) admission;
        return problem(Problems.substationFull(full.requestedKw(), full.load()));
    }

    @GetMapping("/sessions/{sessionId}")
    ResponseEntity<?> get(@PathVariable String sessionId) {
        return answer(station.find(sessionId));
    }

    @DeleteMapping("/sessions/{sessionId}")
    ResponseEntity<?> stop(@PathVariable String sessionId) {
        return answer(station.stop(sessionId));
    }

    @GetMapping("/load")
    Load load() {
        LoadReport load = station.load();
        return Load.from(load);
    }

    private static ResponseEntity<?> answer(SessionLookup lookup) {
        if (lookup instanceof SessionLookup.Found found) {
            return ResponseEntity.ok(SessionReply.of(found.session(), found.load()));
        }
        return problem(Problems.sessionNotFound(lookup.load()));
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
        return ResponseEntity.of(problem).build();
    }
}
