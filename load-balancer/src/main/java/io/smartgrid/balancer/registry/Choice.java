package io.smartgrid.balancer.registry;

import java.net.URI;

/**
 * The outcome of one decision: a substation with the request's power reserved against it, or why there is none.
 *
 * @param index        the substation's position in the registry (to exclude it from the next attempt)
 * @param substationId the chosen substation, or {@code null}
 * @param url          its base URL, or {@code null}
 * @param reservedKw   the in-flight power reserved for this request (0 when accounting is off)
 * @param noRoom       when nothing was chosen: healthy substations remained, but none had room
 */
public record Choice(int index, String substationId, URI url, double reservedKw, boolean noRoom) {

    static Choice none(boolean noRoom) {
        return new Choice(-1, null, null, 0, noRoom);
    }

    /** Whether a substation was chosen. */
    public boolean found() {
        return index >= 0;
    }
}
