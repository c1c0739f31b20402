package io.smartgrid.balancer;

/**
 * Elapsed time in nanoseconds, as {@link System#nanoTime()} counts it: what a deadline is measured with. A bean, so
 * that tests move it on instead of waiting.
 */
@FunctionalInterface
public interface Ticker {

    /** The ticker of this JVM. */
    Ticker SYSTEM = System::nanoTime;

    /** Nanoseconds from some fixed but arbitrary origin; only differences between two readings mean anything. */
    long nanoTime();
}
