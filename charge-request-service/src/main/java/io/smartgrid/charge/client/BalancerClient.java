package io.smartgrid.charge.client;

import java.util.function.Supplier;

import feign.FeignException;
import io.smartgrid.charge.ChargeProperties;
import io.smartgrid.http.edge.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Calls the load balancer. Every failure leaves as a typed exception with its answer: the balancer's
 * own 404/503 problems come from {@link BalancerErrorDecoder}; a balancer that cannot be reached, times
 * out or answers nonsense becomes {@code grid-unavailable}.
 */
@Component
public class BalancerClient {

    private static final Logger log = LoggerFactory.getLogger(BalancerClient.class);

    private final BalancerApi api;
    private final ChargeProperties properties;

    BalancerClient(BalancerApi api, ChargeProperties properties) {
        this.api = api;
        this.properties = properties;
    }

    public BalancerSession start(SessionRequest request) {
        return call(() -> api.start(request));
    }

    public BalancerSession get(String sessionId) {
        return call(() -> api.get(sessionId));
    }

    public BalancerSession stop(String sessionId) {
        return call(() -> api.stop(sessionId));
    }

    private BalancerSession call(Supplier<BalancerSession> call) {
        BalancerSession session;
        try {
            session = call.get();
        }
        catch (FeignException ex) {
            log.warn("Load balancer call failed: {}", ex.toString());
            throw new GridUnavailableException(ProblemType.GRID_UNAVAILABLE, properties.retryAfter(), ex);
        }
        if (session == null || session.sessionId() == null) {
            // An empty 2xx is a broken balancer, not a session.
            throw new GridUnavailableException(ProblemType.GRID_UNAVAILABLE, properties.retryAfter(), null);
        }
        return session;
    }
}
