package io.smartgrid.substation.registration;

/** The body of the balancer's {@code POST /registrations}. */
record Registration(String id, String url, double capacityKw) {
}
