package io.smartgrid.substation.fault;

import java.time.Duration;

import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/faults}: makes this substation simulate an outage, a hang or errors, for trying the grid's failure
 * handling. Operator-only: the operators' token is checked before any of this runs.
 */
@RestController
@RequestMapping(FaultController.PATH)
class FaultController {

    static final String PATH = "/admin/faults";

    private final Faults faults;

    FaultController(Faults faults) {
        this.faults = faults;
    }

    @PostMapping
    FaultStatus inject(@Valid @RequestBody FaultRequest request) {
        Integer seconds = request.durationSeconds();
        if (seconds == null && request.mode() == FaultMode.OUTAGE) {
            // The port the operator would heal through is closed: only time can end an outage.
            seconds = FaultRequest.DEFAULT_OUTAGE_SECONDS;
        }
        return faults.inject(request.mode(), seconds == null ? null : Duration.ofSeconds(seconds));
    }

    @GetMapping
    FaultStatus status() {
        return faults.status();
    }

    @DeleteMapping
    FaultStatus heal() {
        return faults.heal();
    }
}
