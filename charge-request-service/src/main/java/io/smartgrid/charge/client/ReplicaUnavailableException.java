package io.smartgrid.charge.client;

/**
 * A balancer replica could not serve a call, so another one may: it answered "unavailable" (none of its substations
 * reachable, or it has no view yet), or failed in a way that says nothing. Never leaves {@link BalancerClient}: when
 * no replica is left to try, the client gets {@link #answer()}.
 */
final class ReplicaUnavailableException extends RuntimeException {

    private final GridUnavailableException answer;
    private final boolean settled;

    /**
     * @param settled whether the replica answered for itself, having taken back whatever it may have placed (its own
     *                503); {@code false} for an error status, whose effects are unknown
     */
    ReplicaUnavailableException(GridUnavailableException answer, boolean settled) {
        super(answer.getMessage(), null, false, false);
        this.answer = answer;
        this.settled = settled;
    }

    GridUnavailableException answer() {
        return answer;
    }

    boolean settled() {
        return settled;
    }
}
