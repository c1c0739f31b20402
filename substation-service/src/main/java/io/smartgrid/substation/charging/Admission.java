package io.smartgrid.substation.charging;

/** The answer to a request to charge: admitted, or full. Both carry the load right after the decision. */
public sealed interface Admission {

    LoadReport load();

    /** The session was admitted and is charging. */
    record Admitted(Session session, LoadReport load) implements Admission {
    }

    /** Admitting the requested power would have pushed the station past its capacity. */
    record Full(double requestedKw, LoadReport load) implements Admission {
    }
}
