package io.smartgrid.balancer.registry;

import io.smartgrid.balancer.registry.SubstationSnapshot;
import java.time.Instant;

/**
 * One entry of {@code GET /substations}, in the shape the public contract fixes, plus {@code draining} (it takes no
 * new sessions), {@code registered} (it registered itself rather than being configured) and {@code demandKw} (the
 * power its sessions ask for: above the capacity when power is short, and {@code loadKw} is then what they share) and
 * {@code waiting} (how many sessions wait on its waitlist).
 */
record SubstationResponse(String id, String url, double capacityKw, double loadKw, int activeSessions,
        double utilization, boolean healthy, Instant lastUpdated, boolean draining, boolean registered,
        double demandKw, int waiting) {

    static SubstationResponse of(SubstationSnapshot snapshot) {
        return new SubstationResponse(snapshot.id(), snapshot.url().toString(), snapshot.capacityKw(), snapshot.loadKw(),
                snapshot.activeSessions(), snapshot.utilization(), snapshot.healthy(), snapshot.lastUpdated(),
                snapshot.draining(), snapshot.registered(), snapshot.demandKw(), snapshot.waiting());
    }
}
