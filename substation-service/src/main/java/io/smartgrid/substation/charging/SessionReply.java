package io.smartgrid.substation.charging;

/** Every successful session answer: the session and the load right after the operation. */
record SessionReply(SessionResponse session, Load load) {

    static SessionReply of(Session session, LoadReport load) {
        return new SessionReply(SessionResponse.from(session), Load.from(load));
    }
}
