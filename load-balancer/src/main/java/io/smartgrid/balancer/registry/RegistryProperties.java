package io.smartgrid.balancer.registry;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the balancer keeps its list of substations ({@code grid.balancer.*}, beside the keys of the balancer's own
 * properties).
 *
 * @param heartbeatTimeout   a registered substation silent for this long is dropped
 * @param probeBackoff       wait before probing an unreachable substation again; doubles with every failure
 * @param probeBackoffMax    the longest that wait grows
 */
@Validated
@ConfigurationProperties("grid.balancer")
record RegistryProperties(
        @DefaultValue("10s") @DurationMin(millis = 10) Duration heartbeatTimeout,
        @DefaultValue("500ms") @DurationMin(millis = 1) Duration probeBackoff,
        @DefaultValue("10s") @DurationMin(millis = 1) Duration probeBackoffMax) {
}
