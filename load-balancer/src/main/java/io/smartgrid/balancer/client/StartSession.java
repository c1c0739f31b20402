package io.smartgrid.balancer.client;

/**
 * The body of {@code POST /sessions} on a substation.
 *
 * @param sessionId {@code <substationId>.<uuid>}, chosen by the balancer for each attempt: the substation admits
 *     under this id at most once, and the balancer can take the session back by it if the answer never arrives
 */
public record StartSession(String sessionId, String vehicleId, double powerKw, double energyKwh) {
}
