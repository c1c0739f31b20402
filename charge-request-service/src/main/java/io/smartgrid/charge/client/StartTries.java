package io.smartgrid.charge.client;

import java.util.List;
import java.util.UUID;

/**
 * The request ids of one start's tries, for a caller that must know them before they go out: an idempotency claim
 * shared by several charge-request replicas records every id that may place a session, so that a replica taking the
 * claim over can supersede them.
 */
public interface StartTries {

    /** The first try's request id. */
    String requestId();

    /**
     * Request ids of earlier tries of the same start, made elsewhere, whose sessions must not survive: the first try
     * names them in {@code supersedes}, and the balancer takes back whatever they placed.
     */
    List<String> supersedes();

    /**
     * Called before every try after the first, with the request id it goes under (the same as the last try's when
     * that one never reached a balancer). May throw, to stop the start before anything more is placed.
     */
    void sending(String requestId);

    /** A start of its own: a fresh request id, nothing to supersede, nobody to tell. */
    static StartTries fresh() {
        String requestId = UUID.randomUUID().toString();
        return new StartTries() {

            @Override
            public String requestId() {
                return requestId;
            }

            @Override
            public List<String> supersedes() {
                return List.of();
            }

            @Override
            public void sending(String requestId) {
            }
        };
    }
}
