package io.smartgrid.substation.fault;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The shared operator token ({@code grid.registration.token}, env {@code GRID_REGISTRATION_TOKEN}) that operator
 * calls present as {@code Authorization: Bearer <token>}. With no token configured, every operator call is refused.
 */
@ConfigurationProperties("grid.registration")
public record OperatorToken(String token) {

    private static final String BEARER = "Bearer ";

    /** Whether an {@code Authorization} header carries the configured token, compared in constant time. */
    boolean admits(String authorization) {
        if (token == null || token.isBlank() || authorization == null
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        // Never print the secret, e.g. in a configuration report.
        return "OperatorToken[" + (token == null || token.isBlank() ? "unset" : "set") + "]";
    }
}
