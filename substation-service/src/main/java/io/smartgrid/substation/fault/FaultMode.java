package io.smartgrid.substation.fault;

/** The faults an operator can make this substation simulate. */
enum FaultMode {

    /** Stops serving: the HTTP port is closed, so connections are refused; it reopens after a set time. */
    OUTAGE,
    /** Accepts connections but never answers the session and load endpoints (up to the hang limit). */
    HANG,
    /** Answers every session and load call with a 500 problem. */
    ERROR
}
