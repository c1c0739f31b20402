package io.smartgrid.substation.registration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operators' shared secret ({@code grid.registration.token}, env {@code GRID_REGISTRATION_TOKEN}): this
 * substation presents it to the balancer when it registers, and asks it of whoever drains it or injects a fault.
 *
 * @param token {@code null} or blank: no registration is attempted and every drain or fault call is refused
 */
@ConfigurationProperties("grid.registration")
public record OperatorToken(String token) {

    private static final String BEARER = "Bearer ";

    /** Whether one is configured at all. */
    public boolean configured() {
        return token != null && !token.isBlank();
    }

    /** The {@code Authorization} header value that presents it. */
    String header() {
        return BEARER + token;
    }

    /** Whether an {@code Authorization} header carries the token; compared in constant time. */
    public boolean admits(String authorization) {
        if (!configured() || authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        // Never print the secret, e.g. in a configuration report.
        return "OperatorToken[" + (configured() ? "set" : "unset") + "]";
    }
}
