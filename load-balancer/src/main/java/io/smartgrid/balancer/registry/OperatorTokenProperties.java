package io.smartgrid.balancer.registry;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operators' shared secret ({@code grid.registration.token}, env {@code GRID_REGISTRATION_TOKEN}) that
 * registration calls present as {@code Authorization: Bearer <token>}.
 *
 * @param token {@code null} or blank refuses every registration call rather than opening them
 */
@ConfigurationProperties("grid.registration")
record OperatorTokenProperties(String token) {
}
