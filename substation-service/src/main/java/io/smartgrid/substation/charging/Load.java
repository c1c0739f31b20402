package io.smartgrid.substation.charging;

import java.time.Instant;

/**
 * The load report on the wire, carried by every answer so that the balancer's view stays fresh. {@code loadKw} is the
 * power given to the sessions, {@code demandKw} the sum of their maximums, {@code minimumKw} of their minimums;
 * {@code waiting} how many sessions wait on the waitlist and {@code waitingKw} the sum of their minimums.
 */
record Load(
        String substationId,
        double capacityKw,
        double loadKw,
        int activeSessions,
        long version,
        Instant timestamp,
        boolean draining,
        double demandKw,
        double minimumKw,
        int waiting,
        double waitingKw) {

    static Load from(LoadReport load) {
        return new Load(load.substationId(), load.capacityKw(), load.loadKw(), load.activeSessions(),
                load.version(), load.timestamp(), load.draining(), load.demandKw(), load.minimumKw(),
                load.waiting(), load.waitingKw());
    }
}
