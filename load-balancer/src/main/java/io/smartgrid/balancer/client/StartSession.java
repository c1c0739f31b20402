package io.smartgrid.balancer.client;

/** The body of {@code POST /sessions} on a substation. */
public record StartSession(String vehicleId, double powerKw, double energyKwh) {
}
