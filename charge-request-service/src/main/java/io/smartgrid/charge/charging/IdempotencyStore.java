package io.smartgrid.charge.charging;

import java.util.function.Function;

import io.smartgrid.charge.client.BalancerSession;
import io.smartgrid.charge.client.StartTries;

/**
 * Remembers which session each {@code Idempotency-Key} started: the first request of a key starts it, every later one
 * with the same request gets that session, and one with a different request is refused. Failures are forgotten, so
 * the client can retry with the same key. {@link MemoryIdempotencyStore} keeps the keys in this replica,
 * {@link JdbcIdempotencyStore} in a database that every replica shares.
 */
interface IdempotencyStore {

    /** A session and whether it was started by this call or by an earlier one with the same key. */
    record Result(BalancerSession session, boolean replayed) {
    }

    /**
     * The session of {@code key}: {@code start} is called, with the request ids to use, only when no earlier request
     * of the key has a session or is still starting one.
     *
     * @throws IdempotencyKeyReusedException      the key was used for a different request
     * @throws IdempotencyKeyInProgressException  another replica is still starting the key's session
     */
    Result once(String key, ChargeRequest request, Function<StartTries, BalancerSession> start);
}
