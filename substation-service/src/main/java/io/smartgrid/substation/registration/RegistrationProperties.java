package io.smartgrid.substation.registration;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Self-registration with a balancer ({@code grid.substation.registration.*}); off while {@code balancer-url} is unset.
 *
 * @param balancerUrl       every balancer replica to register with, one URL or several (comma-separated), e.g.
 *                          {@code http://load-balancer-1:8081,http://load-balancer-2:8081}; each host name is resolved
 *                          to all its addresses every heartbeat interval, and each address registered with
 * @param advertisedUrl     where the balancer reaches this substation; {@code http://<hostname>:<server port>} when
 *                          unset, which in Compose is each replica's own container
 * @param heartbeatInterval how often to tell the balancer this substation is alive (well inside its timeout, 10 s)
 * @param connectTimeout    connect timeout of every call to the balancer
 * @param readTimeout       read timeout of every call to the balancer
 * @param retryBackoff      first wait before registering again after a failed attempt; doubles each time
 * @param retryBackoffMax   the longest that wait grows
 */
@Validated
@ConfigurationProperties("grid.substation.registration")
public record RegistrationProperties(
        List<URI> balancerUrl,
        URI advertisedUrl,
        @DefaultValue("3s") @DurationMin(millis = 10) Duration heartbeatInterval,
        @DefaultValue("1s") @DurationMin(millis = 1) Duration connectTimeout,
        @DefaultValue("2s") @DurationMin(millis = 1) Duration readTimeout,
        @DefaultValue("500ms") @DurationMin(millis = 1) Duration retryBackoff,
        @DefaultValue("10s") @DurationMin(millis = 1) Duration retryBackoffMax) {

    public RegistrationProperties {
        balancerUrl = balancerUrl == null ? List.of() : List.copyOf(balancerUrl);
    }
}
