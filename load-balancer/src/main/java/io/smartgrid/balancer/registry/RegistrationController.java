package io.smartgrid.balancer.registry;

import io.smartgrid.balancer.BalancerProperties;
import io.smartgrid.http.edge.ProblemType;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Substations announce themselves here, keep their place with heartbeats and leave on shutdown. Every call needs the
 * operators' token (checked by {@link RegistrationWebConfiguration} before the body is read): whoever registers receives
 * real charging traffic.
 */
@RestController
@RequestMapping("/registrations")
class RegistrationController {

    private final SubstationRegistry registry;
    private final BalancerProperties properties;

    RegistrationController(SubstationRegistry registry, BalancerProperties properties) {
        this.registry = registry;
        this.properties = properties;
    }

    @PostMapping
    ResponseEntity<RegistrationResponse> register(@Valid @RequestBody RegistrationRequest request) {
        URI url = BaseUrl.Validator.parse(request.url());
        SubstationRegistry.Registration outcome = registry.register(request.id(), url, request.capacityKw());
        RegistrationResponse body = new RegistrationResponse(request.id(), url.toString(), request.capacityKw(),
                properties.heartbeatTimeout().toMillis());
        return outcome == SubstationRegistry.Registration.CREATED
                ? ResponseEntity.created(URI.create("/registrations/" + request.id())).body(body)
                : ResponseEntity.ok(body);
    }

    @PutMapping("/{id}/heartbeat")
    ResponseEntity<Void> heartbeat(@PathVariable String id) {
        if (!registry.heartbeat(id)) {
            throw notFound();
        }
        return ResponseEntity.ok().build();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> deregister(@PathVariable String id) {
        if (!registry.deregister(id)) {
            throw notFound();
        }
        return ResponseEntity.noContent().build();
    }

    private static ErrorResponseException notFound() {
        ProblemDetail problem = ProblemType.SUBSTATION_NOT_FOUND.problem(
                "No substation is registered under this id; register it again.");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
