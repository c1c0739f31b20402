package io.smartgrid.balancer.client;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the session path protects itself from slow or failing substations ({@code grid.balancer.resilience.*}).
 *
 * @param deadline       the whole of one {@code POST /sessions}, every attempt included; it must stay below the read
 *                       timeout of the balancer's callers (the charge-request service waits 3 s), so that they always
 *                       get the balancer's own answer rather than a timeout of their own
 * @param bulkhead       substation calls in flight at once per substation; beyond it that substation is skipped, so
 *                       that one hanging substation can hold at most this many request threads
 * @param circuitBreaker when to stop calling a substation whose calls keep failing
 */
@Validated
@ConfigurationProperties("grid.balancer.resilience")
public record ResilienceProperties(
        @DefaultValue("2500ms") @NotNull @DurationMin(millis = 100) Duration deadline,
        @DefaultValue("64") @Min(1) @Max(10_000) int bulkhead,
        @DefaultValue @NotNull @Valid CircuitBreaker circuitBreaker) {

    /**
     * A count-based circuit breaker per substation.
     *
     * @param failureRateThreshold percentage of failed calls in the window that opens the circuit
     * @param slidingWindow        calls the failure rate is computed over
     * @param minimumCalls         calls needed before the rate counts at all
     * @param openFor              how long an open circuit skips the substation before letting trial calls through
     */
    public record CircuitBreaker(
            @DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
            @DefaultValue("10") @Min(1) @Max(1000) int slidingWindow,
            @DefaultValue("5") @Min(1) @Max(1000) int minimumCalls,
            @DefaultValue("5s") @NotNull @DurationMin(millis = 1) Duration openFor) {
    }
}
