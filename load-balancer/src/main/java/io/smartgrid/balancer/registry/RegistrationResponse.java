package io.smartgrid.balancer.registry;

/**
 * What the balancer holds for a registered substation.
 *
 * @param heartbeatTimeoutMillis a substation silent for this long is dropped; heartbeats should come well within it
 */
record RegistrationResponse(String id, String url, double capacityKw, long heartbeatTimeoutMillis) {
}
