package io.smartgrid.balancer;

import io.smartgrid.balancer.routing.Policies;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The balancer's settings ({@code grid.balancer.*}).
 *
 * @param substations          every substation to balance across; capacity is learnt from each one's {@code GET /load}
 * @param policy               how to choose; see {@link Policies#NAMES}
 * @param pollInterval         how often every substation's load is read in the background
 * @param connectTimeout       connect timeout of every substation call
 * @param readTimeout          read timeout of every substation call
 * @param maxAttempts          substations tried per request before answering 503
 * @param retryAfter           the {@code Retry-After} sent with a 503
 * @param inFlightAccounting   count chosen-but-unanswered requests against a substation's headroom (stops herding)
 * @param replyLoadUpdates     take in the load every assignment reply carries at once; off (with in-flight accounting
 *                             off and slow polling) only to reproduce the herd of balancers that learn load by polling
 * @param conditionalAdmission send each start with a utilisation ceiling, the runner-up's, so that a substation another
 *                             replica has filled meanwhile refuses and the request is chosen for again (keeps several
 *                             replicas within two sessions' share); only {@code least-utilization} has a runner-up
 * @param heartbeatTimeout     a registered substation silent for this long is dropped
 * @param probeBackoff         wait before probing an unreachable substation again; doubles with every failure
 * @param probeBackoffMax      the longest that wait grows
 */
@Validated
@ConfigurationProperties("grid.balancer")
public record BalancerProperties(
        @DefaultValue @NotNull @Valid List<Substation> substations,
        @DefaultValue(Policies.LEAST_UTILIZATION)
        @Pattern(regexp = "least-utilization|least-sessions|power-of-two|round-robin|random") String policy,
        @DefaultValue("500ms") @DurationMin(millis = 10) Duration pollInterval,
        @DefaultValue("250ms") @DurationMin(millis = 1) Duration connectTimeout,
        @DefaultValue("2s") @DurationMin(millis = 1) Duration readTimeout,
        @DefaultValue("3") @Min(1) @Max(100) int maxAttempts,
        @DefaultValue("5s") @DurationMin(seconds = 1) Duration retryAfter,
        @DefaultValue("true") boolean inFlightAccounting,
        @DefaultValue("true") boolean replyLoadUpdates,
        @DefaultValue("true") boolean conditionalAdmission,
        @DefaultValue("10s") @DurationMin(millis = 10) Duration heartbeatTimeout,
        @DefaultValue("500ms") @DurationMin(millis = 1) Duration probeBackoff,
        @DefaultValue("10s") @DurationMin(millis = 1) Duration probeBackoffMax) {

    public BalancerProperties {
        if (substations != null) {
            Set<String> ids = new HashSet<>();
            for (Substation substation : substations) {
                if (substation != null && substation.id() != null && !ids.add(substation.id())) {
                    throw new IllegalArgumentException("grid.balancer.substations lists '" + substation.id() + "' twice");
                }
            }
            substations = List.copyOf(substations);
        }
    }

    /**
     * One substation to balance across.
     *
     * @param id  its id, as it prefixes its session ids (no dots)
     * @param url its base URL, e.g. {@code http://localhost:8082}
     */
    public record Substation(@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,31}") String id, @NotNull URI url) {
    }
}
