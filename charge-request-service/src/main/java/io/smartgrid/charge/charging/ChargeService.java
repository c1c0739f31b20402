package io.smartgrid.charge.charging;

import io.smartgrid.charge.client.BalancerClient;
import io.smartgrid.charge.client.BalancerSession;
import io.smartgrid.charge.client.SessionRequest;

import org.springframework.stereotype.Service;

/** Starts, reads and stops charging sessions through the load balancer, honouring idempotency keys. */
@Service
class ChargeService {

    private final BalancerClient balancer;
    private final IdempotencyStore idempotency;

    ChargeService(BalancerClient balancer, IdempotencyStore idempotency) {
        this.balancer = balancer;
        this.idempotency = idempotency;
    }

    /**
     * Starts a session, once per idempotency key.
     *
     * @param mayWait whether a car whose minimum fits nowhere waits on a waitlist rather than being refused
     */
    IdempotencyStore.Result start(ChargeRequest request, String idempotencyKey, boolean mayWait) {
        SessionRequest body = mayWait ? request.toSessionRequest().waiting() : request.toSessionRequest();
        if (idempotencyKey == null) {
            return new IdempotencyStore.Result(balancer.start(body), false);
        }
        return idempotency.once(idempotencyKey, request, ids -> balancer.start(body, ids));
    }

    BalancerSession get(String sessionId) {
        return balancer.get(sessionId);
    }

    BalancerSession stop(String sessionId) {
        return balancer.stop(sessionId);
    }
}
