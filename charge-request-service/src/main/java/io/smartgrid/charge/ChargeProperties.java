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
 * @param idempotency    where, how long and how many {@code Idempotency-Key}s are remembered
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
        if (idempotency != null && idempotency.store() == Idempotency.Store.JDBC && connectTimeout != null
                && readTimeout != null && idempotency.lease().compareTo(connectTimeout.plus(readTimeout)) <= 0) {
            // A claim that lapses while its try is under way could be taken over by a duplicate mid-call.
            throw new IllegalArgumentException("grid.charge.idempotency.lease must exceed connect-timeout + read-timeout");
        }
    }

    /**
     * Where {@code Idempotency-Key}s are remembered, and for how long.
     *
     * @param store       {@code memory}: in this replica only (one replica, local-grid); {@code jdbc}: in a database
     *                    that every replica shares (PostgreSQL), so that a retry on another replica finds the key
     * @param maximumKeys keys kept at most by the {@code memory} store; the oldest are dropped first
     * @param ttl         how long a key is remembered after its session was created
     * @param lease       {@code jdbc}: how long a replica's claim on a key lasts without news from it; the claim is
     *                    renewed before every try, so this must exceed one try to the balancer (connect and read
     *                    timeouts). A duplicate waits for the claim's answer at most this long; a claim whose replica
     *                    died is taken over once its lease has run out
     * @param url         {@code jdbc}: the JDBC URL of the shared database, e.g. {@code jdbc:postgresql://host/grid}
     * @param username    {@code jdbc}: the database user
     * @param password    {@code jdbc}: its password
     */
    public record Idempotency(
            @NotNull @DefaultValue("memory") Store store,
            @Positive @DefaultValue("100000") long maximumKeys,
            @NotNull @DurationMin(seconds = 1) @DefaultValue("24h") Duration ttl,
            @NotNull @DurationMin(seconds = 1) @DefaultValue("10s") Duration lease,
            String url,
            String username,
            String password) {

        public Idempotency {
            if (store == Store.JDBC && (url == null || url.isBlank())) {
                throw new IllegalArgumentException("grid.charge.idempotency.url is required by the jdbc store");
            }
            if (store == Store.JDBC && ttl != null && lease != null && ttl.compareTo(lease) <= 0) {
                // A key forgotten while its claim still holds could be claimed twice.
                throw new IllegalArgumentException("grid.charge.idempotency.ttl must exceed its lease");
            }
        }

        /** Never the password, should the settings be logged. */
        @Override
        public String toString() {
            return "Idempotency[store=" + store + ", maximumKeys=" + maximumKeys + ", ttl=" + ttl + ", lease=" + lease
                    + ", url=" + url + ", username=" + username + ", password=" + (password == null ? null : "****")
                    + "]";
        }

        /** Where the keys live. */
        public enum Store {
            MEMORY, JDBC
        }
    }
}
