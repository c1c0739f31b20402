package io.smartgrid.charge.client;

/** The body of the balancer's {@code POST /sessions}: an already validated charge request. */
public record SessionRequest(String vehicleId, double powerKw, double energyKwh) {
}
