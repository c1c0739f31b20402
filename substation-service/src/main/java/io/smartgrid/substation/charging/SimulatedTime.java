package io.smartgrid.substation.charging;

import java.time.Duration;
import java.time.Instant;

/**
 * The simulated clock a station's sessions charge on: it runs {@code speed} times as fast as the real one. Real
 * nanoseconds since a session's start map to whole simulated nanoseconds by one fixed rule, exact when the speed is a
 * whole number (as it is in every configuration here), so the energy of a session does not depend on how often
 * anyone looked at it.
 */
final class SimulatedTime {

    private final double speed;
    /** The speed when it is a whole number, else 0. */
    private final long wholeSpeed;

    SimulatedTime(double speed) {
        this.speed = speed;
        this.wholeSpeed = speed == Math.rint(speed) && speed < Long.MAX_VALUE ? (long) speed : 0;
    }

    /** Simulated nanoseconds in {@code realNanos} real ones, rounded down; saturates rather than overflowing. */
    long simulatedNanos(long realNanos) {
        if (wholeSpeed > 0) {
            long high = Math.multiplyHigh(realNanos, wholeSpeed);
            long low = realNanos * wholeSpeed;
            return high == (low >> 63) ? low : (realNanos < 0 ? Long.MIN_VALUE : Long.MAX_VALUE);
        }
        double simulated = Math.floor(realNanos * speed);
        return simulated >= 0x1p63 ? Long.MAX_VALUE : (long) simulated;
    }

    /** The fewest real nanoseconds that make at least {@code simulatedNanos} simulated ones. */
    long realNanosReaching(long simulatedNanos) {
        if (simulatedNanos <= 0) {
            return 0;
        }
        long real = wholeSpeed > 0 ? Math.floorDiv(simulatedNanos, wholeSpeed)
                + (simulatedNanos % wholeSpeed == 0 ? 0 : 1)
                : (long) Math.min(Math.ceil(simulatedNanos / speed), 0x1p62);
        // A non-whole speed rounds on both sides: settle on the exact boundary of the rule.
        while (simulatedNanos(real) < simulatedNanos) {
            real++;
        }
        while (real > 0 && simulatedNanos(real - 1) >= simulatedNanos) {
            real--;
        }
        return real;
    }

    /** {@code realInterval} of real time as simulated time. */
    Duration simulated(Duration realInterval) {
        return Duration.ofNanos(simulatedNanos(saturatedNanos(realInterval)));
    }

    /** The real instant when {@code simulatedInterval} of simulated time has passed since {@code from}. */
    Instant after(Instant from, Duration simulatedInterval) {
        return from.plusNanos(realNanosReaching(saturatedNanos(simulatedInterval)));
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        }
        catch (ArithmeticException tooLong) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
