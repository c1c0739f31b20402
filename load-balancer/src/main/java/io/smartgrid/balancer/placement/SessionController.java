package io.smartgrid.balancer.placement;

import io.smartgrid.balancer.client.Session;
import jakarta.validation.Valid;
import io.smartgrid.http.edge.InvalidField;
import io.smartgrid.http.edge.InvalidRequestException;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Places charging sessions on substations and routes calls about them to the substation that holds them. */
@RestController
@RequestMapping("/sessions")
class SessionController {

    private final SessionService sessions;

    SessionController(SessionService sessions) {
        this.sessions = sessions;
    }

    @PostMapping
    ResponseEntity<Session> start(@Valid @RequestBody SessionRequest request) {
        if (!request.minimumWithinMaximum()) {
            throw new InvalidRequestException(List.of(new InvalidField("minPowerKw", "must be at most powerKw")));
        }
        Session session = sessions.start(request);
        if (session.waiting()) {
            return ResponseEntity.accepted().location(URI.create("/sessions/" + session.sessionId())).body(session);
        }
        return ResponseEntity.created(URI.create("/sessions/" + session.sessionId())).body(session);
    }

    @GetMapping("/{sessionId}")
    Session get(@PathVariable String sessionId) {
        return sessions.get(sessionId);
    }

    @DeleteMapping("/{sessionId}")
    Session stop(@PathVariable String sessionId) {
        return sessions.stop(sessionId);
    }
}
