package io.smartgrid.substation.charging;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Completes delivered sessions in the background, so that released load shows in the metrics
 * even when no request arrives.
 */
@Component
class CompletionSweep {

    private final ChargingStation station;

    CompletionSweep(ChargingStation station) {
        this.station = station;
    }

    // The same key as SubstationProperties.sweepInterval, which validates it; the default must match.
    @Scheduled(fixedDelayString = "${grid.substation.sweep-interval:200ms}")
    void sweep() {
        station.completeDue();
    }
}
