package io.smartgrid.substation.charging;

/**
 * Where a charging session is in its life: it starts charging, or waits first for its minimum to fit, and ends exactly
 * once.
 */
enum SessionStatus {
    /** On the substation's waitlist: its minimum did not fit when it arrived; it starts by itself once it does. */
    WAITING,
    CHARGING,
    /** The requested energy was delivered. */
    COMPLETED,
    /**
     * The client stopped it before its energy was delivered; also a waiting session that the client cancelled, or
     * that left the waitlist at its maximum wait or its departure: those never started and delivered nothing.
     */
    STOPPED
}
