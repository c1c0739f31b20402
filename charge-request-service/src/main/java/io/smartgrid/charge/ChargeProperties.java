package io.smartgrid.charge;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the charge-request service ({@code grid.charge.*}).
 *
 * @param balancerUrl    base URL of every load balancer replica (one, or several comma-separated); a host name that
 *                       resolves to several addresses (a Kubernetes headless Service) counts as one replica per address
 * @param connectTimeout how long to wait for a TCP connection to the balancer
 * @param readTimeout    how long to wait for the balancer's answer; the balancer itself tries up to a few
 *                       substations, all within its own deadline ({@code grid.balancer.resilience.deadline}, 2.5 s),
 *                       which must stay below this so that the balancer's clean 503 arrives before we give up
 * @param retryAfter     the {@code Retry-After} sent when the balancer is unreachable or did not say
 * @param idempotency    how long and how many {@code Idempotency-Key}s are remembered
 * @param balancerBackoff how long a replica that refused a connection, timed out or answered "unavailable" is
 *                       passed over while another one is left to try
 */
@Validated
@ConfigurationProperties("grid.charge")
public record ChargeProperties(
        @NotEmpty @DefaultValue("http://localhost:8081") List<@NotNull URI> balancerUrl,
        @NotNull @DurationMin(millis = 1) @DefaultValue("250ms") Duration connectTimeout,
        @NotNull @DurationMin(millis = 1) @DefaultValue("3s") Duration readTimeout,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("5s") Duration retryAfter,
        @NotNull @Valid @DefaultValue Idempotency idempotency,
        @NotNull @DefaultValue("5s") Duration balancerBackoff) {

    public ChargeProperties {
        balancerUrl = List.copyOf(balancerUrl);
    }

    /**
     * The idempotency-key cache.
     *
     * @param maximumKeys keys kept at most; the oldest are dropped first
     * @param ttl         how long a key is remembered after its session was created
     */
    public record Idempotency(
            @Positive @DefaultValue("100000") long maximumKeys,
            @NotNull @DurationMin(seconds = 1) @DefaultValue("24h") Duration ttl) {
    }
}
