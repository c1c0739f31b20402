package io.smartgrid.balancer.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The body of {@code POST /sessions} on a substation.
 *
 * @param sessionId {@code <substationId>.<uuid>}, chosen by the balancer for each attempt: the substation admits
 *     under this id at most once, and the balancer can take the session back by it if the answer never arrives
 * @param ceiling the utilisation the substation may reach with this session at most, or it answers
 *     {@code 409 above-ceiling}; {@code null} (left out of the body) for none. Substations of the previous version
 *     knew it as {@code maxUtilization} and ignore it under this name: upgrade the substations first
 * @param minPowerKw the least the car charges at; {@code null} (left out) for the substation's default
 * @param departureAt when the car leaves; {@code null} (left out) when not said
 * @param waitlist {@code true} to wait on the substation's waitlist ({@code 202}) rather than be refused when the
 *     minimum does not fit; {@code null} (left out) to be refused
 */
public record StartSession(String sessionId, String vehicleId, double powerKw, double energyKwh,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double ceiling,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double minPowerKw,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant departureAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean waitlist) {

    /** A start that is refused, not queued, when its minimum does not fit. */
    public StartSession(String sessionId, String vehicleId, double powerKw, double energyKwh, Double ceiling,
            Double minPowerKw, Instant departureAt) {
        this(sessionId, vehicleId, powerKw, energyKwh, ceiling, minPowerKw, departureAt, null);
    }

    /** A start without a ceiling: the substation checks its capacity only. */
    public StartSession(String sessionId, String vehicleId, double powerKw, double energyKwh) {
        this(sessionId, vehicleId, powerKw, energyKwh, null);
    }

    /** A start without power sharing's fields: the substation's default minimum, no departure. */
    public StartSession(String sessionId, String vehicleId, double powerKw, double energyKwh, Double ceiling) {
        this(sessionId, vehicleId, powerKw, energyKwh, ceiling, null, null);
    }
}
