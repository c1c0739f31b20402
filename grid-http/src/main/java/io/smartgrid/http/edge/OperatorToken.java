package io.smartgrid.http.edge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;

/**
 * The operators' shared secret ({@code grid.registration.token}, env {@code GRID_REGISTRATION_TOKEN}), presented as
 * {@code Authorization: Bearer <token>}: substations present it to the balancer when they register, and every
 * operator call (registration, drain, fault injection) must carry it.
 *
 * @param token {@code null} or blank refuses every operator call rather than opening them
 */
@ConfigurationProperties("grid.registration")
public record OperatorToken(String token) {

    private static final String BEARER = "Bearer ";

    /** Whether one is configured at all. */
    public boolean configured() {
        return token != null && !token.isBlank();
    }

    /** The {@code Authorization} header value that presents it. */
    public String authorization() {
        return BEARER + token;
    }

    /** Whether an {@code Authorization} header carries the token; compared in constant time. */
    public boolean admits(String authorization) {
        if (!configured() || authorization == null
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        // Constant time, so that the answer's timing does not reveal how much of the token was right.
        return MessageDigest.isEqual(presented, token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A filter that refuses requests to these servlet URL patterns ({@code /drain}, {@code /admin/*}) without the
     * token, with {@code 401} problem+json and {@code WWW-Authenticate: Bearer}, before any body is read: an outsider
     * learns nothing from validation errors either. It runs right after the body size limit.
     */
    public FilterRegistrationBean<?> guard(String... urlPatterns) {
        FilterRegistrationBean<OperatorTokenFilter> registration = new FilterRegistrationBean<>(
                new OperatorTokenFilter(this));
        registration.addUrlPatterns(urlPatterns);
        registration.setName("operatorTokenFilter");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Override
    public String toString() {
        // Never print the secret, e.g. in a configuration report.
        return "OperatorToken[" + (configured() ? "set" : "unset") + "]";
    }
}
