package io.smartgrid.balancer.registry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code substationView}, part of the readiness group: {@code OUT_OF_SERVICE} until the first poll of every substation
 * known at start has ended, so that a balancer just started takes no request while its view is still empty.
 */
final class SubstationViewHealthIndicator implements HealthIndicator {

    private final LoadPoller poller;

    SubstationViewHealthIndicator(LoadPoller poller) {
        this.poller = poller;
    }

    @Override
    public Health health() {
        return poller.hasFirstView() ? Health.up().build() : Health.outOfService().withDetail("view", "building").build();
    }
}
