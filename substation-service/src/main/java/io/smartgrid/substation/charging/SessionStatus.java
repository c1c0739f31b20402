package io.smartgrid.substation.charging;

/** Where a charging session is in its life: it starts charging and ends exactly once. */
public enum SessionStatus {
    CHARGING,
    /** The requested energy was delivered. */
    COMPLETED,
    /** The client stopped it before its energy was delivered. */
    STOPPED
}
