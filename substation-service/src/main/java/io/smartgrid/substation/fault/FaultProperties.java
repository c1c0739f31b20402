package io.smartgrid.substation.fault;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Fault simulation settings ({@code grid.substation.faults.*}).
 *
 * @param hangLimit how long a request is held during a simulated hang: longer than any client's read timeout, yet
 *     bounded, so that a forgotten hang cannot hold threads for ever
 */
@ConfigurationProperties("grid.substation.faults")
@Validated
public record FaultProperties(
        @DefaultValue("60s") @NotNull @DurationMin(millis = 1) @DurationMax(minutes = 10) Duration hangLimit) {
}
