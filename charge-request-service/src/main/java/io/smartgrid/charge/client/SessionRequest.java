package io.smartgrid.charge.client;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of the balancer's {@code POST /sessions}: an already validated charge request.
 *
 * @param requestId  chosen here before the first try: the balancer places the session as
 *                   {@code <substationId>.<requestId>}, so that no substation admits the same try twice
 * @param supersedes request ids of earlier tries whose answer never came (a timeout): the balancer takes back
 *                   whatever they may have placed
 * @param waitlist   {@code true}: when the car's minimum fits nowhere, wait on a substation's waitlist ({@code 202})
 *                   rather than be refused; left out otherwise
 */
public record SessionRequest(String vehicleId, double powerKw, double energyKwh, String requestId,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> supersedes,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double minPowerKw,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant departureAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean waitlist) {

    /** A request before its first try: {@link BalancerClient} gives it its id. */
    public SessionRequest(String vehicleId, double powerKw, double energyKwh) {
        this(vehicleId, powerKw, energyKwh, (Double) null, (Instant) null);
    }

    /**
     * A request before its first try, with power sharing's fields.
     *
     * @param minPowerKw the least the car charges at; {@code null} for the substation's default
     * @param departureAt when it leaves; {@code null} when not said
     */
    public SessionRequest(String vehicleId, double powerKw, double energyKwh, Double minPowerKw, Instant departureAt) {
        this(vehicleId, powerKw, energyKwh, null, List.of(), minPowerKw, departureAt, null);
    }

    /** The same request, waiting on a waitlist rather than refused when its minimum fits nowhere. */
    public SessionRequest waiting() {
        return new SessionRequest(vehicleId, powerKw, energyKwh, requestId, supersedes, minPowerKw, departureAt, true);
    }

    SessionRequest tried(String requestId, List<String> supersedes) {
        return new SessionRequest(vehicleId, powerKw, energyKwh, requestId, List.copyOf(supersedes), minPowerKw,
                departureAt, waitlist);
    }
}
