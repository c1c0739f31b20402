package io.smartgrid.substation.web;

import java.time.Instant;

import io.smartgrid.substation.charging.LoadReport;

/** The load report on the wire, carried by every answer so that the balancer's view stays fresh. */
record LoadResponse(
        String substationId,
        double capacityKw,
        double loadKw,
        int activeSessions,
        long version,
        Instant timestamp,
        boolean draining) {

    static LoadResponse from(LoadReport load) {
        return new LoadResponse(load.substationId(), load.capacityKw(), load.loadKw(), load.activeSessions(),
                load.version(), load.timestamp(), load.draining());
    }
}
