package io.smartgrid.balancer.registry;

import io.smartgrid.balancer.registry.SubstationRegistry;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the balancer believes about every substation: the operators' and the dashboard's view. */
@RestController
class SubstationController {

    private final SubstationRegistry registry;

    SubstationController(SubstationRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/substations")
    List<SubstationResponse> substations() {
        return registry.snapshot().stream().map(SubstationResponse::of).toList();
    }
}
