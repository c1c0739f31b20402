package io.smartgrid.charge.charging;

import io.smartgrid.charge.client.BalancerClient;
import io.smartgrid.charge.client.BalancerSession;

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

    IdempotencyStore.Result start(ChargeRequest request, String idempotencyKey) {
        if (idempotencyKey == null) {
            return new IdempotencyStore.Result(balancer.start(request.toSessionRequest()), false);
        }
        return idempotency.once(idempotencyKey, request, ids -> balancer.start(request.toSessionRequest(), ids));
    }

    BalancerSession get(String sessionId) {
        return balancer.get(sessionId);
    }

    BalancerSession stop(String sessionId) {
        return balancer.stop(sessionId);
    }
}
