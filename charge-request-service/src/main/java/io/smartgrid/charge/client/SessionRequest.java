package io.smartgrid.charge.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of the balancer's {@code POST /sessions}: an already validated charge request.
 *
 * @param requestId  chosen here before the first try: the balancer places the session as
 *                   {@code <substationId>.<requestId>}, so that no substation admits the same try twice
 * @param supersedes request ids of earlier tries whose answer never came (a timeout): the balancer takes back
 *                   whatever they may have placed
 */
public record SessionRequest(String vehicleId, double powerKw, double energyKwh, String requestId,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> supersedes) {

    /** A request before its first try: {@link BalancerClient} gives it its id. */
    public SessionRequest(String vehicleId, double powerKw, double energyKwh) {
        this(vehicleId, powerKw, energyKwh, null, List.of());
    }

    SessionRequest tried(String requestId, List<String> supersedes) {
        return new SessionRequest(vehicleId, powerKw, energyKwh, requestId, List.copyOf(supersedes));
    }
}
