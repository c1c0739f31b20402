package io.smartgrid.balancer.registry;

import io.micrometer.core.instrument.MeterRegistry;
import io.smartgrid.balancer.BalancerProperties;
import io.smartgrid.balancer.client.SubstationClient;
import io.smartgrid.balancer.routing.Policies;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the registry from {@code grid.balancer.*} and keeps it fed by the poller. */
@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

    @Bean
    SubstationRegistry substationRegistry(BalancerProperties properties, Clock clock, MeterRegistry meters) {
        return new SubstationRegistry(
                properties.substations().stream()
                        .map(substation -> new SubstationRegistry.Target(substation.id(), substation.url()))
                        .toList(),
                SubstationRegistry.Options.of(Policies.byName(properties.policy()))
                        .withInFlightAccounting(properties.inFlightAccounting())
                        .withReplyLoadUpdates(properties.replyLoadUpdates())
                        .withProbeBackoff(new ProbeBackoff(properties.probeBackoff(), properties.probeBackoffMax()))
                        .withHeartbeatTimeout(properties.heartbeatTimeout()),
                clock, meters);
    }

    @Bean
    LoadPoller loadPoller(SubstationRegistry registry, SubstationClient client, BalancerProperties properties) {
        return new LoadPoller(registry, client, properties.pollInterval());
    }

    /** In the readiness group ({@code management.endpoint.health.group.readiness.include}): ready once the view is. */
    @Bean
    SubstationViewHealthIndicator substationViewHealthIndicator(LoadPoller poller) {
        return new SubstationViewHealthIndicator(poller);
    }
}
