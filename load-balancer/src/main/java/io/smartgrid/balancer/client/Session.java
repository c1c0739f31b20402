package io.smartgrid.balancer.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A charging session, in the shape every layer of the grid shares. Power sharing's fields ({@code minPowerKw},
 * {@code departureAt}, {@code allocatedKw}, {@code estimatedCompletionAt}) are {@code null} from a substation that
 * does not send them; {@code position} and {@code estimatedStartAt} are set only while it is {@code WAITING}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Session(String sessionId, String vehicleId, String substationId, double powerKw, double energyKwh,
        double deliveredKwh, String status, Instant startedAt, Instant endedAt, Double minPowerKw,
        Instant departureAt, Double allocatedKw, Instant estimatedCompletionAt, Integer position,
        Instant estimatedStartAt) {

    /** The status of a session on a substation's waitlist. */
    public static final String WAITING = "WAITING";

    /** A session that is not waiting: no position, no estimated start. */
    public Session(String sessionId, String vehicleId, String substationId, double powerKw, double energyKwh,
            double deliveredKwh, String status, Instant startedAt, Instant endedAt, Double minPowerKw,
            Instant departureAt, Double allocatedKw, Instant estimatedCompletionAt) {
        this(sessionId, vehicleId, substationId, powerKw, energyKwh, deliveredKwh, status, startedAt, endedAt,
                minPowerKw, departureAt, allocatedKw, estimatedCompletionAt, null, null);
    }

    /** Whether it waits on its substation's waitlist. */
    public boolean waiting() {
        return WAITING.equals(status);
    }

    /** A session without power sharing's fields. */
    public Session(String sessionId, String vehicleId, String substationId, double powerKw, double energyKwh,
            double deliveredKwh, String status, Instant startedAt, Instant endedAt) {
        this(sessionId, vehicleId, substationId, powerKw, energyKwh, deliveredKwh, status, startedAt, endedAt, null,
                null, null, null);
    }
}
