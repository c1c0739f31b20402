package io.smartgrid.balancer.registry;

import java.net.URI;

/**
 * The outcome of one decision: a substation with the request's power reserved against it, or why there is none.
 *
 * @param index          the substation's position in the registry (to exclude it from the next attempt)
 * @param substationId   the chosen substation, or {@code null}
 * @param url            its base URL, or {@code null}
 * @param reservedKw     the in-flight power reserved for this request (0 when accounting is off)
 * @param noRoom         when nothing was chosen: healthy substations remained, but none had room
 * @param ceiling        the utilisation ceiling to send with the request, as {@code ceiling} (conditional
 *                       admission): the utilisation the runner-up, the best other substation with room, would reach
 *                       with it, in this balancer's view;
 *                       {@code NaN} when none was asked for, there is no runner-up, or the policy does not rank by
 *                       utilisation
 */
public record Choice(int index, String substationId, URI url, double reservedKw, boolean noRoom,
        double ceiling) {

    static Choice none(boolean noRoom) {
        return new Choice(-1, null, null, 0, noRoom, Double.NaN);
    }

    /** Whether a substation was chosen. */
    public boolean found() {
        return index >= 0;
    }

    /** Whether the request is to go with a utilisation ceiling. */
    public boolean hasCeiling() {
        return !Double.isNaN(ceiling);
    }
}
