package io.smartgrid.substation.charging;

/** The answer to a lookup or stop of a session by id. Both carry the load at the time of the answer. */
sealed interface SessionLookup {

    LoadReport load();

    /** The session, charging or ended. */
    record Found(Session session, LoadReport load) implements SessionLookup {
    }

    /** No such session here, or it ended so long ago that it left the bounded history. */
    record NotFound(LoadReport load) implements SessionLookup {
    }
}
