package io.smartgrid.balancer.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How long an unreachable substation is left alone before it is asked again: {@code initial} after the first
 * failure, doubling with each further one up to {@code max}. A dead substation then costs a probe every few
 * seconds instead of one per poll, and a live one that blipped is back within {@code initial}.
 */
public record ProbeBackoff(Duration initial, Duration max) {

    /** 0.5 s doubling up to 10 s. */
    public static final ProbeBackoff DEFAULT = new ProbeBackoff(Duration.ofMillis(500), Duration.ofSeconds(10));

    public ProbeBackoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("Backoff needs 0 < initial <= max, was " + initial + " and " + max);
        }
    }

    /** The wait before the next probe after {@code failures} failures in a row (at least one). */
    public Duration after(int failures) {
        Duration delay = initial;
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
