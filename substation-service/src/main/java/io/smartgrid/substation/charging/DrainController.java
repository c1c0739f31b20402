package io.smartgrid.substation.charging;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators take a substation out of service without cutting anyone off: while draining it admits no new session
 * ({@code 409 substation-draining}) and its charging sessions run to their end. Needs the operators' token.
 */
@RestController
@RequestMapping("/drain")
class DrainController {

    private final ChargingStation station;

    DrainController(ChargingStation station) {
        this.station = station;
    }

    @PostMapping
    Load drain() {
        return Load.from(station.drain());
    }

    @DeleteMapping
    Load resume() {
        return Load.from(station.resume());
    }
}
