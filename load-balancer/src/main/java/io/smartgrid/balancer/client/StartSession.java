package io.smartgrid.balancer.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of {@code POST /sessions} on a substation.
 *
 * @param sessionId {@code <substationId>.<uuid>}, chosen by the balancer for each attempt: the substation admits
 *     under this id at most once, and the balancer can take the session back by it if the answer never arrives
 * @param maxUtilization the utilisation the substation may reach with this session at most, or it answers
 *     {@code 409 not-least-loaded}; {@code null} (left out of the body) for none
 */
public record StartSession(String sessionId, String vehicleId, double powerKw, double energyKwh,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double maxUtilization) {

    /** A start without a ceiling: the substation checks its capacity only. */
    public StartSession(String sessionId, String vehicleId, double powerKw, double energyKwh) {
        this(sessionId, vehicleId, powerKw, energyKwh, null);
    }
}
